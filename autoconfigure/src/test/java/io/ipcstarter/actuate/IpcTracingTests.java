package io.ipcstarter.actuate;

import java.nio.file.Path;
import java.time.Duration;

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
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One trace across two JVMs: an outbound endpoint here and an inbound endpoint in a
 * second JVM ({@link TracingPeer}), both with {@code headers: json} and a real tracer.
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
		try (PeerProcess peer = PeerProcess.java(TracingPeer.class, sock)) {
			assertThat(peer.awaitLine("PEER ", Duration.ofSeconds(60))).isEqualTo("PEER ready");
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
					String received = peer.awaitLine("PEER ", Duration.ofSeconds(30));
					MutableSpan send = this.tracing.finished.stream()
						.filter((span) -> "traced send".equals(span.name()))
						.findFirst()
						.orElseThrow();
					assertThat(send.traceId()).isEqualTo(root.context().traceId());
					assertThat(received).isEqualTo("PEER received hello trace=" + root.context().traceId() + " parent="
							+ send.id() + " tenant=acme");
				});
		}
	}

}
