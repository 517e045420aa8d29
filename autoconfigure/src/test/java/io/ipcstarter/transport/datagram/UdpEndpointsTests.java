package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.actuate.IpcEndpointActivity;
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code udp} transport declared in YAML-style properties, through the Spring
 * Integration endpoints; bad header blocks from a python3 peer among good messages.
 */
class UdpEndpointsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withUserConfiguration(TestBeans.Received.class, Config.class);

	@Test
	void outboundFeedsInboundAndGatewaysAnswerWithDatagrams() throws IOException {
		int events = freePort();
		int rpc = freePort();
		this.runner.withPropertyValues("ipc.defaults.payload-type=text", "ipc.defaults.udp.receive-buffer-size=1048576")
			.withPropertyValues(endpoint("in", "inbound", events, "received"))
			.withPropertyValues(endpoint("out", "outbound", events, "toSend"))
			.withPropertyValues(endpoint("server", "inbound-gateway", rpc, "toUpper"))
			.withPropertyValues(endpoint("client", "outbound-gateway", rpc, "requests"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessagingTemplate template = new MessagingTemplate();
				template.send(context.getBean("toSend", MessageChannel.class),
						MessageBuilder.withPayload("hello").build());
				Message<?> received = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(received.getPayload()).isEqualTo("hello");
				assertThat(received.getHeaders()).containsEntry("ipc_transport", "udp")
					.containsEntry("ipc_endpoint", "in");
				Message<?> reply = template.sendAndReceive(context.getBean("requests", MessageChannel.class),
						MessageBuilder.withPayload("ping").build());
				assertThat(reply.getPayload()).isEqualTo("PING");
			});
	}

	@Test
	void maxMessageSizeBeyondADatagramFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues(endpoint("in", "inbound", 7070, "received"))
			.withPropertyValues("ipc.endpoints.in.max-message-size=100KB")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.in.max-message-size")
				.hasMessageContaining("65507"));
	}

	@Test
	void multicastAndBroadcastKeysBindFromPropertiesAndBadOnesFailStartupNamingTheKey() {
		this.runner.withPropertyValues(endpoint("in", "inbound", 9100, "received"))
			.withPropertyValues("ipc.endpoints.in.udp.multicast-group=239.1.2.3",
					"ipc.endpoints.in.udp.interface=no-such-interface0")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.in.udp.interface")
				.hasMessageContaining("no-such-interface0"));
		this.runner.withPropertyValues(endpoint("out", "outbound", 9100, "toSend"))
			.withPropertyValues("ipc.endpoints.out.udp.multicast-group=239.1.2.3", "ipc.endpoints.out.udp.interface=lo",
					"ipc.endpoints.out.udp.ttl=256")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.out.udp.ttl"));
		this.runner.withPropertyValues(endpoint("in", "inbound", 9100, "received"))
			.withPropertyValues("ipc.endpoints.in.udp.broadcast=true")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.in.udp.broadcast"));
	}

	/**
	 * An outbound endpoint opens its socket at the first send: starting this one sends
	 * nothing anywhere. The transport logs through System.Logger, here java.util.logging,
	 * whose console handler may hold a System.err of an earlier test: the records are
	 * taken from the logger itself.
	 */
	@Test
	void multicastThatMayLeaveTheHostIsWarnedAboutOnceAtStartup() {
		List<String> warnings = new CopyOnWriteArrayList<>();
		Handler handler = new Handler() {

			@Override
			public void publish(LogRecord record) {
				if (record.getLevel() == Level.WARNING) {
					warnings.add(record.getMessage());
				}
			}

			@Override
			public void flush() {
			}

			@Override
			public void close() {
			}

		};
		Logger logger = Logger.getLogger(UdpTransport.class.getName());
		logger.addHandler(handler);
		try {
			startTwoMulticastSenders();
		}
		finally {
			logger.removeHandler(handler);
		}
		assertThat(warnings).filteredOn((warning) -> warning.contains("'ticks-beyond'"))
			.singleElement()
			.asString()
			.contains("IPC endpoint 'ticks-beyond' (udp, outbound) sends to multicast group 239.1.2.3 with ttl 1: "
					+ "its datagrams leave this host on interface lo");
		assertThat(warnings).noneMatch((warning) -> warning.contains("'ticks-here'"));
	}

	private void startTwoMulticastSenders() {
		this.runner.withPropertyValues(endpoint("ticks-beyond", "outbound", 9100, "toSend"))
			.withPropertyValues("ipc.endpoints.ticks-beyond.udp.multicast-group=239.1.2.3",
					"ipc.endpoints.ticks-beyond.udp.interface=lo", "ipc.endpoints.ticks-beyond.udp.ttl=1")
			.withPropertyValues(endpoint("ticks-here", "outbound", 9101, "toSend"))
			.withPropertyValues("ipc.endpoints.ticks-here.udp.multicast-group=239.1.2.3",
					"ipc.endpoints.ticks-here.udp.interface=lo")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void tenThousandBadHeaderBlocksAmongGoodDatagramsAreCountedAndEveryGoodOneArrives() throws IOException {
		int port = freePort();
		int bad = 10_000;
		int good = 1_000;
		this.runner.withPropertyValues(endpoint("in", "inbound", port, "received"))
			.withPropertyValues("ipc.endpoints.in.headers=json", "ipc.endpoints.in.payload-type=text",
					"ipc.endpoints.in.udp.receive-buffer-size=4194304")
			.run((context) -> {
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("in");
				try (PeerProcess peer = PeerProcess.python("udp_bad_datagrams.py", "127.0.0.1:" + port,
						String.valueOf(bad), String.valueOf(good), "100")) {
					String said;
					do {
						peer.tell("next");
						said = peer.await("BATCH", WAIT);
						String[] counts = said.split(" ");
						long goodSoFar = Long.parseLong(counts[0]);
						long badSoFar = Long.parseLong(counts[1]);
						// a batch fits in any receive buffer: the next goes once this one
						// is taken
						await().atMost(WAIT)
							.pollInterval(Duration.ofMillis(5))
							.until(() -> activity.received() == goodSoFar && activity.errors() == badSoFar);
					}
					while (!said.equals(good + " " + bad));
					assertThat(peer.await("DONE", WAIT)).isEqualTo(good + " " + bad);
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Set<Integer> seen = new HashSet<>();
				Message<?> message;
				while ((message = received.receive(0)) != null) {
					int n = Integer.parseInt(((String) message.getPayload()).substring("good-".length()));
					if (n % 10 != 0) {
						assertThat(message.getHeaders()).containsEntry("n", String.valueOf(n));
					}
					seen.add(n);
				}
				assertThat(seen).hasSize(good);
				assertThat(activity.errors()).isEqualTo(bad);
				assertThat(activity.lastError().reason()).isEqualTo("decode");
			});
	}

	/**
	 * A python3 peer floods an endpoint whose receive buffer is small and whose service
	 * is slow: {@code ipc.errors{reason=dropped}} and {@code ipc.messages{in,error}} come
	 * to what the kernel's {@code drops} column for the socket says, and with the
	 * messages delivered that is every datagram sent.
	 */
	@Test
	@EnabledOnOs(value = OS.LINUX, disabledReason = "/proc/net/udp, which counts drops per socket, is Linux's")
	void datagramsTheOsDropsAreMeteredAsDropped() throws IOException {
		int port = freePort();
		int sent = 2000;
		this.runner.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues(endpoint("in", "inbound", port, "slowly"))
			.withPropertyValues("ipc.endpoints.in.udp.receive-buffer-size=4096")
			.run((context) -> {
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				Slow slow = context.getBean(Slow.class);
				try (PeerProcess peer = PeerProcess.python("udp_peer.py", "flood", "127.0.0.1:" + port,
						String.valueOf(sent), "200")) {
					peer.await("SENT", WAIT);
				}
				await().atMost(WAIT).until(() -> slow.handled.get() + dropped(meters) >= sent);
				Thread.sleep(1500); // past the next read: nothing more is counted
				assertThat(slow.handled.get() + (long) dropped(meters)).as("sent = delivered + dropped")
					.isEqualTo(sent);
				assertThat(dropped(meters)).as("the OS dropped some").isPositive();
				assertThat((long) dropped(meters)).as("as /proc/net/udp counts them")
					.isEqualTo(UdpTransportTests.kernelDrops(port));
				assertThat(meters.get("ipc.messages")
					.tags("endpoint", "in", "direction", "in", "outcome", "error")
					.counter()
					.count()).isEqualTo(dropped(meters));
				assertThat(context.getBean(IpcEndpoints.class).get("in").lastError().reason()).isEqualTo("dropped");
			});
	}

	private static double dropped(MeterRegistry meters) {
		return meters.get("ipc.errors").tags("endpoint", "in", "reason", "dropped").counter().count();
	}

	private static String[] endpoint(String name, String role, int port, String channel) {
		String prefix = "ipc.endpoints." + name + ".";
		return new String[] { prefix + "transport=udp", prefix + "role=" + role, prefix + "address=" + port,
				prefix + "channel=" + channel };
	}

	private static int freePort() throws IOException {
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return probe.getLocalPort();
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean
		Upper upper() {
			return new Upper();
		}

		@Bean
		Slow slow() {
			return new Slow();
		}

	}

	/** A service so slow that a flood fills the socket's receive buffer. */
	static class Slow {

		final AtomicLong handled = new AtomicLong();

		@ServiceActivator(inputChannel = "slowly")
		void handle(byte[] payload) throws InterruptedException {
			this.handled.incrementAndGet();
			Thread.sleep(2);
		}

	}

	static class Upper {

		@ServiceActivator(inputChannel = "toUpper")
		String upper(String payload) {
			return payload.toUpperCase();
		}

	}

}
