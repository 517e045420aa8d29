package io.ipcstarter.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.ConsumerEndpointFactoryBean;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.integration.endpoint.AbstractEndpoint;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.IdGenerator;
import org.springframework.util.SimpleIdGenerator;

import io.ipcstarter.crossprocess.LocalContexts;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.integration.IpcIdGenerator;
import io.ipcstarter.integration.IpcInboundChannelAdapter;
import io.ipcstarter.integration.IpcInboundGateway;
import io.ipcstarter.integration.IpcOutboundChannelAdapter;
import io.ipcstarter.integration.IpcOutboundGateway;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.file.FileOptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configuration turns each {@code ipc.endpoints.*} entry into the right Spring
 * Integration beans, for every role on both socket transports, with {@code ipc.defaults}
 * under every endpoint.
 */
class IpcAutoConfigurationTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withUserConfiguration(LocalContexts.LocalConfiguration.class);

	@TempDir
	Path dir;

	private String address(String transport, String name) {
		return transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve(name + ".sock").toString();
	}

	private static String[] endpoint(String name, String transport, String role, String address, String channel) {
		String p = "ipc.endpoints." + name + ".";
		return new String[] { p + "transport=" + transport, p + "role=" + role, p + "address=" + address,
				p + "channel=" + channel };
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp" })
	void eachRoleBecomesItsSpringIntegrationEndpoint(String transport) {
		this.runner.withPropertyValues(endpoint("in", transport, "inbound", address(transport, "in"), "c1"))
			.withPropertyValues(endpoint("gw", transport, "inbound-gateway", address(transport, "gw"), "c2"))
			.withPropertyValues(
					endpoint("out", transport, "outbound", address(transport, "in").replace(":0", ":1"), "c3"))
			.withPropertyValues(
					endpoint("ogw", transport, "outbound-gateway", address(transport, "gw").replace(":0", ":1"), "c4"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("ipc.in")).isInstanceOf(IpcInboundChannelAdapter.class);
				assertThat(context.getBean("ipc.gw")).isInstanceOf(IpcInboundGateway.class);
				assertThat(context.getBean("ipc.out")).isInstanceOf(AbstractEndpoint.class);
				assertThat(context.getBean("&ipc.out")).isInstanceOf(ConsumerEndpointFactoryBean.class);
				assertThat(context.getBean("ipc.out.handler")).isInstanceOf(IpcOutboundChannelAdapter.class);
				assertThat(context.getBean("ipc.ogw.handler")).isInstanceOf(IpcOutboundGateway.class);
				for (String name : new String[] { "ipc.in", "ipc.gw", "ipc.out.handler", "ipc.ogw.handler" }) {
					IpcEndpoint endpoint = context.getBean(name, IpcEndpoint.class);
					assertThat(endpoint.isRunning()).as(name + " started").isTrue();
					assertThat(endpoint.getSpec().transport()).isEqualTo(transport);
				}
				assertThat(context.getBean("ipc.in", IpcEndpoint.class).getSpec().role()).isEqualTo(Role.INBOUND);
				assertThat(context.getBean("ipc.ogw.handler", IpcEndpoint.class).getSpec().role())
					.isEqualTo(Role.OUTBOUND_GATEWAY);
				for (String channel : new String[] { "c1", "c2", "c3", "c4" }) {
					assertThat(context.getBean(channel)).as("channel created when missing")
						.isInstanceOf(DirectChannel.class);
				}
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp" })
	void outboundGatewayTalksToInboundGateway(String transport) {
		this.runner
			.withPropertyValues(endpoint("server", transport, "inbound-gateway", address(transport, "s"), "echo"))
			.run(server -> {
				String address = server.getBean("ipc.server", IpcEndpoint.class).getAddress();
				this.runner.withPropertyValues(endpoint("client", transport, "outbound-gateway", address, "requests"))
					.withPropertyValues("ipc.endpoints.client.payload-type=text")
					.run(client -> {
						assertThat(client).hasNotFailed();
						Message<?> reply = new MessagingTemplate().sendAndReceive(
								client.getBean("requests", MessageChannel.class),
								MessageBuilder.withPayload("hello").build());
						assertThat(reply).isNotNull();
						assertThat(reply.getPayload()).isEqualTo("hello");
					});
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp" })
	void outboundDeliversToInboundWithTheIpcHeaders(String transport) throws Exception {
		this.runner.withPropertyValues(endpoint("receiver", transport, "inbound", address(transport, "r"), "in"))
			.run(receiver -> {
				String address = receiver.getBean("ipc.receiver", IpcEndpoint.class).getAddress();
				this.runner.withPropertyValues(endpoint("sender", transport, "outbound", address, "out"))
					.run(sender -> sender.getBean("out", MessageChannel.class)
						.send(new GenericMessage<>("ping".getBytes(StandardCharsets.UTF_8))));
				BlockingQueue<Message<?>> messages = receiver.getBean(LocalContexts.Collector.class).messages();
				Message<?> message = messages.poll(10, TimeUnit.SECONDS);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
				assertThat(message.getHeaders()).containsEntry(IpcHeaders.ENDPOINT, "receiver")
					.containsEntry(IpcHeaders.TRANSPORT, transport)
					.containsKey(IpcHeaders.PEER);
				if (transport.equals("unix-socket")) {
					assertThat(message.getHeaders()).as("SO_PEERCRED gives the sender's uid")
						.containsEntry(IpcHeaders.PEER_UID, Files.getAttribute(this.dir, "unix:uid"));
				}
				else {
					assertThat(message.getHeaders()).as("TCP cannot tell a uid").doesNotContainKey(IpcHeaders.PEER_UID);
				}
			});
	}

	@Test
	void receivedMessagesGetDistinctIdsAndTimestamps() throws Exception {
		List<Message<?>> received = sendTwoAndReceive(this.runner);
		assertThat(received.get(0).getHeaders().getId()).isNotNull().isNotEqualTo(received.get(1).getHeaders().getId());
		assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getTimestamp()).isNotNull()
			.isCloseTo(System.currentTimeMillis(), org.assertj.core.api.Assertions.within(60_000L)));
	}

	@Test
	void anApplicationsIdGeneratorMakesTheIdsOfReceivedMessages() throws Exception {
		// SimpleIdGenerator's ids have an all-zero high half; the starter's own generator
		// has a random one
		List<Message<?>> received = sendTwoAndReceive(
				this.runner.withBean("idGenerator", IdGenerator.class, SimpleIdGenerator::new));
		assertThat(received).allSatisfy(m -> assertThat(m.getHeaders().getId().getMostSignificantBits()).isZero());
	}

	@Test
	void messageIdsFastGivesEveryMessageOfTheApplicationACheapId() {
		this.runner.withPropertyValues("ipc.message-ids=fast").run(context -> {
			assertThat(context.getBean(IdGenerator.class)).isSameAs(IpcIdGenerator.INSTANCE);
			// IpcIdGenerator: one random high half per JVM, a counter below; Spring's
			// default: 128 random bits
			UUID first = new GenericMessage<>("a").getHeaders().getId();
			UUID second = new GenericMessage<>("b").getHeaders().getId();
			assertThat(second.getMostSignificantBits()).isEqualTo(first.getMostSignificantBits());
			assertThat(second.getLeastSignificantBits()).isEqualTo(first.getLeastSignificantBits() + 1);
		});
	}

	@Test
	void byDefaultTheApplicationKeepsSpringsIdGenerator() {
		this.runner.run(context -> {
			assertThat(context).doesNotHaveBean(IdGenerator.class);
			UUID first = new GenericMessage<>("a").getHeaders().getId();
			UUID second = new GenericMessage<>("b").getHeaders().getId();
			assertThat(second.getMostSignificantBits()).isNotEqualTo(first.getMostSignificantBits());
		});
	}

	@Test
	void specCustomizerBeansAdjustEveryEndpointInOrder() {
		this.runner.withPropertyValues(endpoint("in", "unix-socket", "inbound", address("unix-socket", "c"), "c1"))
			.withBean("first", IpcEndpointSpecCustomizer.class,
					() -> (spec) -> spec.toBuilder().maxMessageSize(4096).build())
			.withBean("untouched", IpcEndpointSpecCustomizer.class, () -> (spec) -> spec)
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("ipc.in", IpcEndpoint.class).getSpec().maxMessageSize()).isEqualTo(4096);
			});
	}

	@Test
	void aCustomizerThatBreaksTheSpecFailsStartUp() {
		this.runner.withPropertyValues(endpoint("in", "unix-socket", "inbound", address("unix-socket", "v"), "c1"))
			.withBean(IpcEndpointSpecCustomizer.class, () -> (spec) -> spec.toBuilder().address("").build())
			.run(context -> assertThat(context).hasFailed());
	}

	@Test
	void anApplicationsIdGeneratorWinsOverMessageIdsFast() {
		this.runner.withPropertyValues("ipc.message-ids=fast")
			.withBean("idGenerator", IdGenerator.class, SimpleIdGenerator::new)
			.run(context -> assertThat(context.getBean(IdGenerator.class)).isInstanceOf(SimpleIdGenerator.class));
	}

	private List<Message<?>> sendTwoAndReceive(ApplicationContextRunner runner) throws Exception {
		List<Message<?>> received = new ArrayList<>();
		runner.withPropertyValues(endpoint("receiver", "unix-socket", "inbound", address("unix-socket", "ids"), "in"))
			.run(receiver -> {
				String address = receiver.getBean("ipc.receiver", IpcEndpoint.class).getAddress();
				this.runner.withPropertyValues(endpoint("sender", "unix-socket", "outbound", address, "out"))
					.run(sender -> {
						sender.getBean("out", MessageChannel.class).send(new GenericMessage<>(new byte[] { 1 }));
						sender.getBean("out", MessageChannel.class).send(new GenericMessage<>(new byte[] { 2 }));
					});
				BlockingQueue<Message<?>> messages = receiver.getBean(LocalContexts.Collector.class).messages();
				for (int i = 0; i < 2; i++) {
					Message<?> message = messages.poll(10, TimeUnit.SECONDS);
					assertThat(message).as("message %d", i + 1).isNotNull();
					received.add(message);
				}
			});
		return received;
	}

	@Test
	void defaultsApplyToEveryEndpointAndEndpointsOverrideThem() {
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.defaults.max-message-size=2KB",
					"ipc.defaults.send-timeout=3s", "ipc.defaults.reply-timeout=4s", "ipc.defaults.framing=line",
					"ipc.defaults.pool-size=2", "ipc.defaults.max-connections=7", "ipc.defaults.idle-timeout=5m")
			.withPropertyValues(endpoint("plain", "unix-socket", "inbound", address("unix-socket", "plain"), "in"))
			.withPropertyValues(endpoint("custom", "unix-socket", "outbound-gateway", address("unix-socket", "x"), "c"))
			.withPropertyValues("ipc.endpoints.custom.max-message-size=64KB", "ipc.endpoints.custom.framing=stx-etx",
					"ipc.endpoints.custom.payload-type=bytes")
			.run(context -> {
				assertThat(context).hasNotFailed();
				IpcEndpoint plain = context.getBean("ipc.plain", IpcEndpoint.class);
				assertThat(plain.getSpec().maxMessageSize()).isEqualTo(2048);
				assertThat(plain.getSpec().sendTimeout()).isEqualTo(Duration.ofSeconds(3));
				assertThat(plain.getSpec().replyTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(plain.getSpec().framing()).isEqualTo(Framing.LINE);
				assertThat(plain.getSpec().maxConnections()).isEqualTo(7);
				assertThat(plain.getSpec().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
				IpcEndpoint custom = context.getBean("ipc.custom.handler", IpcEndpoint.class);
				assertThat(custom.getSpec().maxMessageSize()).isEqualTo(64 * 1024);
				assertThat(custom.getSpec().framing()).isEqualTo(Framing.STX_ETX);
				assertThat(custom.getSpec().sendTimeout()).as("still the default").isEqualTo(Duration.ofSeconds(3));
				assertThat(custom.getSpec().poolSize()).isEqualTo(2);

				// payload-type text from the defaults: the inbound endpoint delivers a
				// String
				try (java.nio.channels.SocketChannel raw = java.nio.channels.SocketChannel
					.open(java.net.UnixDomainSocketAddress.of(plain.getAddress()))) {
					raw.write(java.nio.ByteBuffer.wrap("héllo\n".getBytes(StandardCharsets.UTF_8)));
				}
				Message<?> message = context.getBean(LocalContexts.Collector.class)
					.messages()
					.poll(10, TimeUnit.SECONDS);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("héllo");
			});
	}

	@Test
	void defaultsAloneDeclareNoEndpoint() {
		this.runner.withPropertyValues("ipc.defaults.send-timeout=3s", "ipc.defaults.payload-type=text")
			.run(context -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(IpcEndpoint.class)).isEmpty();
			});
	}

	@Test
	void defaultsApplyToEveryEndpointThatDoesNotSetThem() {
		this.runner
			.withPropertyValues("ipc.defaults.send-timeout=3s", "ipc.defaults.max-message-size=64KB",
					"ipc.defaults.file.poll-interval=7s")
			.withPropertyValues(endpoint("a", "file", "inbound", this.dir.resolve("a").toString(), "in"))
			.withPropertyValues(endpoint("b", "file", "inbound", this.dir.resolve("b").toString(), "in"))
			.withPropertyValues("ipc.endpoints.b.send-timeout=4s", "ipc.endpoints.b.file.poll-interval=2s")
			.run(context -> {
				assertThat(context).hasNotFailed();
				EndpointSpec a = context.getBean("ipc.a", IpcEndpoint.class).getSpec();
				EndpointSpec b = context.getBean("ipc.b", IpcEndpoint.class).getSpec();
				assertThat(a.sendTimeout()).hasSeconds(3);
				assertThat(b.sendTimeout()).hasSeconds(4);
				assertThat(a.maxMessageSize()).isEqualTo(b.maxMessageSize()).isEqualTo(64 * 1024);
				assertThat(a.option(FileOptions.class).getPollInterval()).hasSeconds(7);
				assertThat(b.option(FileOptions.class).getPollInterval()).hasSeconds(2);
			});
	}

	@Test
	void yamlDefaultsAreTheSpecsDefaults() {
		String address = address("unix-socket", "plain");
		this.runner.withPropertyValues(endpoint("plain", "unix-socket", "outbound-gateway", address, "out"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				EndpointSpec fromYaml = context.getBean("ipc.plain.handler", IpcEndpoint.class).getSpec();
				EndpointSpec fromCode = EndpointSpec.builder("plain", "unix-socket", Role.OUTBOUND_GATEWAY, address)
					.build();
				assertThat(fromYaml).usingRecursiveComparison().isEqualTo(fromCode);
			});
	}

	@Test
	void autoStartupFalseLeavesTheEndpointStoppedUntilStarted() {
		Path socket = this.dir.resolve("later.sock");
		this.runner.withPropertyValues(endpoint("later", "unix-socket", "inbound", socket.toString(), "in"))
			.withPropertyValues("ipc.endpoints.later.auto-startup=false")
			.run(context -> {
				assertThat(context).hasNotFailed();
				IpcEndpoint endpoint = context.getBean("ipc.later", IpcEndpoint.class);
				assertThat(endpoint.isRunning()).isFalse();
				assertThat(socket).doesNotExist();
				context.getBean("ipc.later", SmartLifecycle.class).start();
				assertThat(endpoint.isRunning()).isTrue();
				assertThat(socket).exists();
			});
	}

	@Test
	void twoEndpointsNamingOneChannelBridgeWithoutCode() {
		String sink = address("unix-socket", "sink");
		this.runner.withPropertyValues(endpoint("sink", "unix-socket", "inbound", sink, "in")).run(receiver -> {
			this.runner.withPropertyValues(endpoint("from", "tcp", "inbound", "127.0.0.1:0", "relay"))
				.withPropertyValues(endpoint("to", "unix-socket", "outbound", sink, "relay"))
				.run(bridge -> {
					assertThat(bridge).hasNotFailed();
					String from = bridge.getBean("ipc.from", IpcEndpoint.class).getAddress();
					this.runner.withPropertyValues(endpoint("source", "tcp", "outbound", from, "out"))
						.run(source -> source.getBean("out", MessageChannel.class)
							.send(new GenericMessage<>("across".getBytes(StandardCharsets.UTF_8))));
					Message<?> message = receiver.getBean(LocalContexts.Collector.class)
						.messages()
						.poll(10, TimeUnit.SECONDS);
					assertThat(message).isNotNull();
					assertThat(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("across");
				});
		});
	}

}
