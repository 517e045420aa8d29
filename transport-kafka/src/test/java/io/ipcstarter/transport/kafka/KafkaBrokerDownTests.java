package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A broker that is not there: one that dies (kill -9 of its JVM, a broker of this test's
 * own, not the shared one), after which a send fails with {@code timeout} after
 * {@code send-timeout}, never returning as if the message were taken (the first send,
 * acknowledged, shows the broker was there); and none at all behind the bootstrap address
 * when an endpoint starts or first sends.
 */
class KafkaBrokerDownTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	@Test
	void firstSendWithoutABrokerFailsWithTimeoutAfterSendTimeoutNamingTheBroker() throws Exception {
		String servers = "127.0.0.1:" + freePort();
		try (IpcClient client = new KafkaTransport()
			.createClient(EndpointSpec.builder("out", KafkaTransport.ID, Role.OUTBOUND, "nowhere")
				.sendTimeout(SEND_TIMEOUT)
				.option(KafkaOptions.class, new KafkaOptions().clientProperties(Map.of("bootstrap.servers", servers)))
				.build())) {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> client.send("lost?".getBytes(StandardCharsets.UTF_8)));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(thrown).isInstanceOf(IpcException.class).hasMessageContaining(servers);
			assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(took).isGreaterThanOrEqualTo(SEND_TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(10));
			System.out.println("kafka, no broker at the first send: " + took.toMillis() + " ms, " + thrown);
		}
	}

	@Test
	void inboundEndpointWithoutABrokerFailsToStartWithTimeoutNamingTheBroker() throws Exception {
		String servers = "127.0.0.1:" + freePort();
		try (IpcServer server = new KafkaTransport()
			.createServer(EndpointSpec.builder("in", KafkaTransport.ID, Role.INBOUND, "nowhere")
				.sendTimeout(SEND_TIMEOUT)
				.option(KafkaOptions.class, new KafkaOptions().clientProperties(Map.of("bootstrap.servers", servers)))
				.build())) {
			long start = System.nanoTime();
			Throwable thrown = catchThrowable(() -> server.start(new RecordingListener()));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(thrown).isInstanceOf(IpcException.class).hasMessageContaining(servers);
			assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(took).isGreaterThanOrEqualTo(SEND_TIMEOUT.minusMillis(50)).isLessThan(Duration.ofSeconds(10));
			System.out
				.println("kafka, no broker at the start of an inbound endpoint: " + took.toMillis() + " ms, " + thrown);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
