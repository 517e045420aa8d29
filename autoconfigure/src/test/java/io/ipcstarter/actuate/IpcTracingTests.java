package io.ipcstarter.actuate;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import brave.handler.MutableSpan;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.testsupport.IpcContextRunners;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace across two JVMs: an outbound endpoint here and an inbound endpoint in a second JVM
 * ({@link TracingPeer}), both with {@code headers: json} and a real tracer.
 */
class IpcTracingTests {

	private final TestTracing tracing = new TestTracing();

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withBean("observationRegistry", io.micrometer.observation.ObservationRegistry.class,
				() -> this.tracing.registry);

	@TempDir
	Path dir;

	@Test
	void traceContextShouldTravelWithTheMessageToAnotherProcess() throws Exception {
		String sock = this.dir.resolve("traced.sock").toString();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process peer = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
				TracingPeer.class.getName(), sock)
			.redirectErrorStream(true)
			.start();
		BlockingQueue<String> lines = new LinkedBlockingQueue<>();
		Thread pump = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
				in.lines().filter((line) -> line.startsWith("PEER ")).forEach(lines::add);
			}
			catch (Exception ex) {
				// the peer was killed
			}
		});
		pump.setDaemon(true);
		pump.start();
		try {
			assertThat(lines.poll(60, TimeUnit.SECONDS)).isEqualTo("PEER ready");
			this.runner
				.withPropertyValues("ipc.endpoints.traced.transport=unix-socket", "ipc.endpoints.traced.role=outbound",
						"ipc.endpoints.traced.address=" + sock, "ipc.endpoints.traced.channel=traced",
						"ipc.endpoints.traced.headers=json")
				.run((context) -> {
					Tracer tracer = this.tracing.tracer;
					Span root = tracer.nextSpan().name("root").start();
					try (Tracer.SpanInScope scope = tracer.withSpan(root)) {
						new MessagingTemplate().send(context.getBean("traced", MessageChannel.class),
								MessageBuilder.withPayload("hello").setHeader("tenant", "acme").build());
					}
					finally {
						root.end();
					}
					String received = lines.poll(30, TimeUnit.SECONDS);
					MutableSpan send = this.tracing.finished.stream()
						.filter((span) -> "traced send".equals(span.name()))
						.findFirst()
						.orElseThrow();
					assertThat(send.traceId()).isEqualTo(root.context().traceId());
					assertThat(received).isEqualTo("PEER received hello trace=" + root.context().traceId()
							+ " parent=" + send.id() + " tenant=acme");
				});
		}
		finally {
			peer.destroy();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
