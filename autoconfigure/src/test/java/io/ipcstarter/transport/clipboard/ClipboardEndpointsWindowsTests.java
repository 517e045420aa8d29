package io.ipcstarter.transport.clipboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.codec.HeaderBlock;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code clipboard} inbound endpoint declared in properties, with
 * {@code headers: json}, inside a Windows JVM (under Wine here), fed by a writer in a
 * second Windows JVM that sends bad input: a header block that lies about its length, a
 * clipboard block that lies about its length, content over {@code max-message-size}, and
 * a writer killed after writing. Each bad one is counted by reason; the good ones before
 * and after arrive.
 */
@WindowsTest
class ClipboardEndpointsWindowsTests {

	private static final Duration PEER = Duration.ofSeconds(90);

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
		.withUserConfiguration(TestBeans.Received.class, TestBeans.Meters.class);

	@Test
	void badInputIsCountedByReasonAndGoodMessagesStillArrive() {
		String format = "IpcTest.Endpoint." + System.nanoTime();
		this.runner
			.withPropertyValues("ipc.endpoints.in.transport=clipboard", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=slot", "ipc.endpoints.in.channel=received",
					"ipc.endpoints.in.payload-type=text", "ipc.endpoints.in.headers=json",
					"ipc.endpoints.in.max-message-size=200", "ipc.endpoints.in.clipboard.format=" + format)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				QueueChannel received = context.getBean("received", QueueChannel.class);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				try (PeerProcess writer = PeerProcess.java(ClipboardPeerMain.class, "write", format)) {
					write(writer, "hex:" + hex(HeaderBlock.wrap(Map.of("orderId", "1"), bytes("before"))));
					assertThat(next(received)).satisfies((m) -> {
						assertThat(m.getPayload()).isEqualTo("before");
						assertThat(m.getHeaders()).containsEntry("orderId", "1")
							.containsKey("ipc_clipboardSequence")
							.containsEntry("ipc_peerPid", (int) writer.pid());
					});
					// says 16 bytes of JSON, 4 follow
					write(writer, "hex:000000107b626164");
					await().atMost(PEER).until(() -> errors(registry, "decode") == 1);
					write(writer, "raw:1000:616263"); // says 1000 bytes, 3 follow
					await().atMost(PEER).until(() -> errors(registry, "decode") == 2);
					write(writer, "big:201");
					await().atMost(PEER).until(() -> errors(registry, "oversize") == 1);
					write(writer, "hex:" + hex(HeaderBlock.wrap(Map.of("orderId", "2"), bytes("after"))));
					assertThat(next(received).getPayload()).isEqualTo("after");
					write(writer, "hex:" + hex(HeaderBlock.wrap(Map.of(), bytes("last words"))));
					assertThat(next(received).getPayload()).isEqualTo("last words");
					// dies owning the clipboard: under Wine its content goes with it
					writer.kill();
				}
				try (PeerProcess next = PeerProcess.java(ClipboardPeerMain.class, "write", format)) {
					write(next, "hex:" + hex(HeaderBlock.wrap(Map.of(), bytes("from the next writer"))));
					assertThat(next(received).getPayload()).isEqualTo("from the next writer");
				}
				assertThat(received.receive(500)).isNull();
				assertThat(errors(registry, "decode")).isEqualTo(2);
				assertThat(errors(registry, "oversize")).isEqualTo(1);
			});
	}

	private static void write(PeerProcess writer, String line) throws Exception {
		writer.tell(line);
		assertThat(writer.await("written", PEER)).isEmpty();
	}

	private static Message<?> next(QueueChannel channel) {
		Message<?> message = channel.receive(30_000);
		assertThat(message).as("a message within 30 s").isNotNull();
		return message;
	}

	private static double errors(MeterRegistry registry, String reason) {
		return registry.get("ipc.errors").tags("endpoint", "in", "reason", reason).counter().count();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}
