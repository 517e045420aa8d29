package io.ipcstarter.transport.amqp;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code amqp} endpoints declared in YAML, connected to the broker through Spring Boot's
 * {@code spring.rabbitmq.*} (nothing else names it), talking to each other and to a
 * python peer (pika) in another process.
 */
class AmqpEndpointTests {

	private static int port;

	private ApplicationContextRunner runner;

	@BeforeAll
	static void startBroker() {
		port = RabbitTestBroker.get().port();
	}

	@org.junit.jupiter.api.BeforeEach
	void runner() {
		this.runner = IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Channels.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port);
	}

	private static String[] endpoint(String name, String role, String address, String channel, String... more) {
		String[] base = { "ipc.endpoints." + name + ".transport=amqp", "ipc.endpoints." + name + ".role=" + role,
				"ipc.endpoints." + name + ".address=" + address, "ipc.endpoints." + name + ".channel=" + channel };
		String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
		for (int i = 0; i < more.length; i++) {
			all[base.length + i] = "ipc.endpoints." + name + "." + more[i];
		}
		return all;
	}

	private static String queue() {
		return "ipc-endpoint-test-" + UUID.randomUUID();
	}

	@Test
	void outboundAndInboundEndpointsCarryAMessageAndItsHeadersThroughTheBroker() {
		String queue = queue();
		this.runner.withPropertyValues(endpoint("out", "outbound", queue, "toBroker", "headers=json"))
			.withPropertyValues(endpoint("in", "inbound", queue, "received", "headers=json", "payload-type=text"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("toBroker", MessageChannel.class)
					.send(MessageBuilder.withPayload("hello").setHeader("orderId", "42").build());
				Message<?> message = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("hello");
				assertThat(message.getHeaders()).containsEntry("orderId", "42")
					.containsEntry(IpcHeaders.TRANSPORT, "amqp")
					.containsEntry(IpcHeaders.ENDPOINT, "in");
				assertThat((String) message.getHeaders().get(IpcHeaders.PEER)).startsWith("amqp:out/");
				assertThat((String) message.getHeaders().get(IpcHeaders.PREFIX + "messageId"))
					.as("the AMQP message_id, to drop duplicates")
					.matches("[0-9a-f]{16}-1");
				assertThat(context.getBean("ipc.in", IpcEndpoint.class).getSpec().option(AmqpOptions.class).broker())
					.as("the broker of spring.rabbitmq.*")
					.satisfies((broker) -> assertThat(broker.describe()).isEqualTo("amqp://127.0.0.1:" + port + "/"));
			});
	}

	@Test
	void inboundEndpointReceivesWhatAPythonPeerPublishes() {
		String queue = queue();
		this.runner.withPropertyValues(endpoint("in", "inbound", queue, "received", "payload-type=text"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (PeerProcess python = AmqpPeers.start(port, "publish", queue, "one", "two", "three")) {
					python.awaitLine(PeerProcess.SAID + "published", Duration.ofSeconds(30));
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				for (String expected : new String[] { "one", "two", "three" }) {
					Message<?> message = received.receive(10_000);
					assertThat(message).isNotNull();
					assertThat(message.getPayload()).isEqualTo(expected);
					assertThat(message.getHeaders()).containsEntry(IpcHeaders.PEER, "amqp:python");
				}
			});
	}

	@Test
	void outboundEndpointSendsToAPythonConsumerEvenBeforeItStarts() {
		String queue = queue();
		this.runner.withPropertyValues(endpoint("out", "outbound", queue, "toBroker")).run((context) -> {
			assertThat(context).hasNotFailed();
			MessageChannel toBroker = context.getBean("toBroker", MessageChannel.class);
			toBroker.send(MessageBuilder.withPayload("kept by the broker").build());
			try (PeerProcess python = AmqpPeers.start(port, "consume", queue, "2")) {
				toBroker.send(MessageBuilder.withPayload("after it started").build());
				assertThat(python.awaitLine(PeerProcess.SAID, Duration.ofSeconds(30)))
					.isEqualTo(PeerProcess.SAID + "kept by the broker");
				assertThat(python.awaitLine(PeerProcess.SAID, Duration.ofSeconds(30)))
					.isEqualTo(PeerProcess.SAID + "after it started");
			}
		});
	}

	@Test
	void amqpKeysBindUnderTheEndpointAndBadValuesFailStartUpNamingTheKey() {
		this.runner
			.withPropertyValues(endpoint("in", "inbound", "orders", "received", "auto-startup=false",
					"amqp.exchange=shop", "amqp.queue=orders-billing", "amqp.prefetch=50", "amqp.concurrency=2",
					"amqp.retry-interval=200ms", "amqp.dead-letter-queue=orders-failed", "amqp.declare=false"))
			.withPropertyValues("ipc.defaults.amqp.max-attempts=5")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AmqpOptions options = context.getBean("ipc.in", IpcEndpoint.class).getSpec().option(AmqpOptions.class);
				assertThat(options.getExchange()).isEqualTo("shop");
				assertThat(options.getQueue()).isEqualTo("orders-billing");
				assertThat(options.getPrefetch()).isEqualTo(50);
				assertThat(options.getConcurrency()).isEqualTo(2);
				assertThat(options.getMaxAttempts()).as("from ipc.defaults").isEqualTo(5);
				assertThat(options.getRetryInterval()).isEqualTo(Duration.ofMillis(200));
				assertThat(options.getDeadLetterQueue()).isEqualTo("orders-failed");
				assertThat(options.isDeclare()).isFalse();
			});
		this.runner.withPropertyValues(endpoint("in", "inbound", "orders", "received", "amqp.prefetch=0"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("ipc.endpoints.in.amqp.prefetch"));
		this.runner.withPropertyValues(endpoint("in", "inbound", "amq.orders", "received"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.hasStackTraceContaining("ipc.endpoints.in.address"));
	}

	@Configuration(proxyBeanMethods = false)
	static class Channels {

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

	}

}
