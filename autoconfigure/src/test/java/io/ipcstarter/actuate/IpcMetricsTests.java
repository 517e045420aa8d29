package io.ipcstarter.actuate;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.MessagingException;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code ipc.*} meters after real traffic from a python3 peer.
 */
class IpcMetricsTests {

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
		.withUserConfiguration(TestBeans.Meters.class);

	@TempDir
	Path dir;

	@Test
	void inboundTrafficWithBadFramesShouldBeCountedByOutcomeAndReason() throws Exception {
		String sock = this.dir.resolve("in.sock").toString();
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=unix-socket", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + sock, "ipc.endpoints.events.channel=events",
					"ipc.endpoints.events.max-message-size=1KB")
			.withBean("events", org.springframework.integration.channel.QueueChannel.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				PeerProcess.runPython("inbound_traffic.py", sock, "good", "5", "oversize", "truncated", "good", "3");
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(count(registry, "ipc.errors", "events", "reason", "oversize")).isEqualTo(1);
					assertThat(count(registry, "ipc.errors", "events", "reason", "decode")).isEqualTo(1);
				});
				assertThat(registry.get("ipc.messages")
					.tags("endpoint", "events", "transport", "unix-socket", "direction", "in", "outcome", "success")
					.counter()
					.count()).isEqualTo(8);
				assertThat(registry.get("ipc.messages")
					.tags("endpoint", "events", "direction", "in", "outcome", "error")
					.counter()
					.count()).isEqualTo(2);
				assertThat(count(registry, "ipc.errors", "events", "reason", "io")).isZero();
				assertThat(registry.get("ipc.bytes").tags("endpoint", "events", "direction", "in").summary().count())
					.isEqualTo(8);
				assertThat(
						registry.get("ipc.bytes").tags("endpoint", "events", "direction", "in").summary().totalAmount())
					.isEqualTo(8 * 4);
				assertThat(registry.get("ipc.connections").tags("endpoint", "events").gauge().value()).isZero();
				assertThat(registry.get("ipc.messages").meter().getId().getDescription()).isNotBlank();
				assertThat(registry.get("ipc.bytes").summary().getId().getBaseUnit()).isEqualTo("bytes");
				org.springframework.integration.channel.QueueChannel events = context.getBean("events",
						org.springframework.integration.channel.QueueChannel.class);
				assertThat(events.getQueueSize()).as("good messages before and after the bad ones arrived")
					.isEqualTo(8);
			});
	}

	@Test
	void outboundGatewayRoundTripsShouldBeTimedAndFailedSendsCounted() throws Exception {
		String sock = this.dir.resolve("echo.sock").toString();
		try (PeerProcess echo = PeerProcess.python("echo_server.py", sock)) {
			assertThat(echo.nextLine(Duration.ofSeconds(30))).isEqualTo("ready");
			this.runner
				.withPropertyValues("ipc.endpoints.ask.transport=unix-socket",
						"ipc.endpoints.ask.role=outbound-gateway", "ipc.endpoints.ask.address=" + sock,
						"ipc.endpoints.ask.channel=ask", "ipc.endpoints.ask.payload-type=text",
						"ipc.endpoints.lost.transport=unix-socket", "ipc.endpoints.lost.role=outbound",
						"ipc.endpoints.lost.address=" + this.dir.resolve("none.sock"),
						"ipc.endpoints.lost.channel=lost", "ipc.endpoints.lost.send-timeout=200ms")
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					MessagingTemplate template = new MessagingTemplate();
					for (int i = 0; i < 3; i++) {
						Message<?> reply = template.sendAndReceive(context.getBean("ask", MessageChannel.class),
								MessageBuilder.withPayload("hello" + i).build());
						assertThat(reply.getPayload()).isEqualTo("hello" + i);
					}
					assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> template
						.send(context.getBean("lost", MessageChannel.class), MessageBuilder.withPayload("x").build()));

					assertThat(registry.get("ipc.messages")
						.tags("endpoint", "ask", "direction", "out", "outcome", "success")
						.counter()
						.count()).isEqualTo(3);
					assertThat(registry.get("ipc.messages")
						.tags("endpoint", "ask", "direction", "in", "outcome", "success")
						.counter()
						.count()).as("replies").isEqualTo(3);
					assertThat(registry.get("ipc.send").tags("endpoint", "ask").timer().count()).isEqualTo(3);
					assertThat(registry.get("ipc.connections").tags("endpoint", "ask").gauge().value()).isEqualTo(1);
					assertThat(registry.get("ipc.messages")
						.tags("endpoint", "lost", "direction", "out", "outcome", "error")
						.counter()
						.count()).isEqualTo(1);
					assertThat(count(registry, "ipc.errors", "lost", "reason", "timeout")).isEqualTo(1);
				});
		}
	}

	@Test
	void adaptersShouldRegisterOnlyTheSeriesOfTheirDirection() {
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=unix-socket", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + this.dir.resolve("in.sock"),
					"ipc.endpoints.events.channel=events", "ipc.endpoints.lost.transport=unix-socket",
					"ipc.endpoints.lost.role=outbound", "ipc.endpoints.lost.address=" + this.dir.resolve("none.sock"),
					"ipc.endpoints.lost.channel=lost")
			.withBean("events", org.springframework.integration.channel.QueueChannel.class)
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				List<Meter.Id> events = ids(registry, "events");
				assertThat(events).extracting(Meter.Id::getName)
					.contains("ipc.messages", "ipc.bytes", "ipc.connections", "ipc.errors")
					.doesNotContain("ipc.send");
				assertThat(events).extracting((id) -> id.getTag("direction")).containsOnly("in", null);
				assertThat(events).filteredOn((id) -> id.getName().equals("ipc.messages"))
					.extracting((id) -> id.getTag("outcome"))
					.containsExactlyInAnyOrder("success", "error");
				List<Meter.Id> lost = ids(registry, "lost");
				assertThat(lost).extracting(Meter.Id::getName).contains("ipc.messages", "ipc.bytes", "ipc.send");
				assertThat(lost).extracting((id) -> id.getTag("direction")).containsOnly("out", null);
			});
	}

	@Test
	void observationMetersShouldCarryTheTagsOfTheIpcMetersAndADescription() {
		IpcContextRunners.withMonitoring()
			.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					ObservationAutoConfiguration.class, IpcMetricsAutoConfiguration.class))
			.withPropertyValues("ipc.endpoints.lost.transport=unix-socket", "ipc.endpoints.lost.role=outbound",
					"ipc.endpoints.lost.address=" + this.dir.resolve("none.sock"), "ipc.endpoints.lost.channel=lost",
					"ipc.endpoints.lost.send-timeout=200ms")
			.run((context) -> {
				assertThatExceptionOfType(MessagingException.class).isThrownBy(() -> new MessagingTemplate()
					.send(context.getBean("lost", MessageChannel.class), MessageBuilder.withPayload("x").build()));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Timer outbound = registry.get("ipc.outbound")
					.tags("endpoint", "lost", "transport", "unix-socket", "direction", "out", "role", "outbound")
					.timer();
				assertThat(outbound.count()).isEqualTo(1);
				assertThat(outbound.getId().getDescription()).isNotBlank();
				assertThat(registry.get("ipc.outbound.active").longTaskTimer().getId().getDescription()).isNotBlank();
				assertThat(registry.getMeters()).extracting(Meter::getId)
					.filteredOn((id) -> id.getName().startsWith("ipc."))
					.allSatisfy((id) -> assertThat(id.getTags()).extracting(Tag::getKey)
						.noneMatch((key) -> key.startsWith("ipc")));
			});
	}

	@Test
	void metricsDisabledShouldRegisterNoMeters() {
		this.runner
			.withPropertyValues("ipc.metrics.enabled=false", "ipc.endpoints.lost.transport=unix-socket",
					"ipc.endpoints.lost.role=outbound", "ipc.endpoints.lost.address=" + this.dir.resolve("none.sock"),
					"ipc.endpoints.lost.channel=lost")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(IpcMetrics.class);
				assertThat(context.getBean(MeterRegistry.class).find("ipc.messages").meters()).isEmpty();
				assertThat(context.getBean(IpcEndpoints.class).get("lost")).isNotNull();
			});
	}

	private static List<Meter.Id> ids(MeterRegistry registry, String endpoint) {
		return registry.getMeters()
			.stream()
			.map(Meter::getId)
			.filter((id) -> id.getName().startsWith("ipc.") && endpoint.equals(id.getTag("endpoint")))
			.toList();
	}

	private static double count(MeterRegistry registry, String name, String endpoint, String tag, String value) {
		return registry.get(name).tags("endpoint", endpoint, tag, value).counter().count();
	}

}
