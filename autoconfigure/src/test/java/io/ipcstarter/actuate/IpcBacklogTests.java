package io.ipcstarter.actuate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.SubscribableChannel;
import org.springframework.util.FileSystemUtils;

import io.ipcstarter.actuate.IpcActuatorEndpoint.IpcEndpointDescriptor;
import io.ipcstarter.actuate.autoconfigure.IpcHealthContributorAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.shm.RingPeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ipc.backlog} and {@code ipc.receive.lag} while another process produces into a
 * ring or a directory faster than a held-up consumer takes it, and an inbound endpoint
 * whose directory is gone going DOWN.
 */
class IpcBacklogTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(
				AutoConfigurations.of(IpcMetricsAutoConfiguration.class, IpcHealthContributorAutoConfiguration.class))
		.withUserConfiguration(TestBeans.Meters.class)
		.withBean("events", DirectChannel.class);

	@TempDir
	Path dir;

	@Test
	void ringBacklogShouldCountUnreadBytesWhileTheConsumerIsHeldThenDrainToZero() throws Exception {
		String ring = this.dir.resolve("events.ring").toString();
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=shared-memory", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + ring, "ipc.endpoints.events.channel=events",
					"ipc.endpoints.events.shared-memory.capacity=256KB", "ipc.endpoints.events.max-message-size=64KB")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				HeldConsumer consumer = HeldConsumer.subscribe(context);
				assertThat(gauge(registry, "ipc.backlog", "events")).isZero();
				assertThat(registry.get("ipc.backlog").gauge().getId().getBaseUnit()).isEqualTo("bytes");
				assertThat(registry.find("ipc.receive.lag").meters()).as("a ring record carries no time").isEmpty();

				int count = 200;
				try (PeerProcess producer = PeerProcess.java(RingPeer.class, "send", ring, "t", "" + count)) {
					assertThat(producer.awaitExit(Duration.ofSeconds(60))).as("producer exit code").isZero();
				}
				assertThat(consumer.first.poll(10, TimeUnit.SECONDS)).as("the consumer holds the first message")
					.isNotNull();
				// every record is still in the ring: the head moves past the first only
				// once it is handled
				long bytes = 0;
				for (int i = 0; i < count; i++) {
					bytes += align8(8 + ("t:" + i).length());
				}
				assertThat(gauge(registry, "ipc.backlog", "events")).isEqualTo(bytes);
				assertThat(descriptor(context).backlog()).isEqualTo(bytes);
				assertThat(descriptor(context).backlogUnit()).isEqualTo("bytes");
				assertThat(health(context).getDetails()).containsEntry("backlog", bytes)
					.containsEntry("backlogUnit", "bytes");

				consumer.release.countDown();
				await().atMost(WAIT).until(() -> consumer.handled.size() == count);
				await().atMost(WAIT).until(() -> gauge(registry, "ipc.backlog", "events") == 0);
				assertThat(consumer.handled.get(count - 1)).isEqualTo("t:" + (count - 1));

				context.getBean(IpcEndpoints.class).get("events").stop();
				assertThat(gauge(registry, "ipc.backlog", "events")).as("stopped: unknown").isNaN();
				assertThat(descriptor(context).backlog()).isNull();
			});
	}

	@Test
	void filesWaitingShouldBeTheBacklogAndTheOldestTheLagThenDrainToZero() throws Exception {
		Path shared = this.dir.resolve("shared");
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=file", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + shared, "ipc.endpoints.events.channel=events",
					"ipc.endpoints.events.payload-type=text")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				HeldConsumer consumer = HeldConsumer.subscribe(context);
				assertThat(gauge(registry, "ipc.backlog", "events")).isZero();
				assertThat(gauge(registry, "ipc.receive.lag", "events")).isZero();
				assertThat(registry.get("ipc.backlog").gauge().getId().getBaseUnit()).isEqualTo("messages");

				PeerProcess.runPython("inbox_writer.py", shared.toString(), "10", "m");
				assertThat(consumer.first.poll(10, TimeUnit.SECONDS)).as("the consumer holds the first message")
					.isNotNull();
				// the file in hand is claimed (in cur/): nine wait in new/
				await().atMost(WAIT).until(() -> gauge(registry, "ipc.backlog", "events") == 9);
				await().atMost(WAIT).until(() -> gauge(registry, "ipc.receive.lag", "events") > 0);
				assertThat(descriptor(context).backlog()).isEqualTo(9);
				assertThat(descriptor(context).backlogUnit()).isEqualTo("messages");
				assertThat(descriptor(context).oldestWaitingMillis()).isPositive();
				assertThat(health(context).getDetails()).containsEntry("backlog", 9L)
					.containsKey("oldestWaitingMillis");

				consumer.release.countDown();
				await().atMost(WAIT).until(() -> consumer.handled.size() == 10);
				await().atMost(WAIT)
					.until(() -> gauge(registry, "ipc.backlog", "events") == 0
							&& gauge(registry, "ipc.receive.lag", "events") == 0);
				assertThat(consumer.handled).contains("m-0", "m-9");
			});
	}

	@Test
	void inboundEndpointWhoseDirectoryIsGoneShouldBeFailingAfterDownAfterThenUpWhenItIsBack() throws Exception {
		Path shared = this.dir.resolve("shared");
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=file", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + shared, "ipc.endpoints.events.channel=events",
					"ipc.endpoints.events.payload-type=text", "ipc.endpoints.events.file.poll-interval=50ms",
					"ipc.health.down-after=300ms")
			.run((context) -> {
				BlockingQueue<Object> received = new LinkedBlockingQueue<>();
				context.getBean("events", SubscribableChannel.class)
					.subscribe((message) -> received.add(message.getPayload()));
				assertThat(health(context).getStatus()).isEqualTo(Status.UP);

				FileSystemUtils.deleteRecursively(shared.resolve("new"));
				await().atMost(WAIT)
					.until(() -> health(context).getStatus().equals(IpcEndpointHealthIndicator.FAILING));
				Health failing = health(context);
				assertThat(failing.getDetails()).containsKeys("failingSince", "lastError");
				assertThat(((IpcEndpointActivity.LastError) failing.getDetails().get("lastError")).reason())
					.isEqualTo("io");
				// unknown while the inbox is gone
				assertThat(failing.getDetails()).doesNotContainKey("backlog");

				// recreates new/ as any writer would
				PeerProcess.runPython("inbox_writer.py", shared.toString(), "1", "back");
				assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("back-0");
				await().atMost(WAIT).until(() -> health(context).getStatus().equals(Status.UP));
				assertThat(health(context).getDetails()).doesNotContainKey("failingSince");
			});
	}

	@Test
	void transportsThatCannotTellShouldHaveNoBacklogMeters() {
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=unix-socket", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + this.dir.resolve("in.sock"),
					"ipc.endpoints.events.channel=events", "ipc.endpoints.out.transport=file",
					"ipc.endpoints.out.role=outbound", "ipc.endpoints.out.address=" + this.dir.resolve("out"),
					"ipc.endpoints.out.channel=out")
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("ipc.connections").meters()).hasSize(2);
				assertThat(registry.find("ipc.backlog").meters()).isEmpty();
				assertThat(registry.find("ipc.receive.lag").meters()).isEmpty();
				assertThat(descriptor(context).backlogUnit()).isNull();
				assertThat(health(context).getDetails()).doesNotContainKeys("backlog", "oldestWaitingMillis");
			});
	}

	private static int align8(int length) {
		return (length + 7) & -8;
	}

	private static double gauge(MeterRegistry registry, String name, String endpoint) {
		return registry.get(name).tags("endpoint", endpoint).gauge().value();
	}

	private static IpcEndpointDescriptor descriptor(AssertableApplicationContext context) {
		return new IpcActuatorEndpoint(context.getBean(IpcEndpoints.class)).endpoint("events");
	}

	private static Health health(AssertableApplicationContext context) {
		CompositeHealthContributor ipc = context.getBean("ipcHealthContributor", CompositeHealthContributor.class);
		return ((HealthIndicator) ipc.getContributor("events")).health();
	}

	/** A consumer that holds the first message until released: a slow application. */
	private static final class HeldConsumer {

		final BlockingQueue<Message<?>> first = new LinkedBlockingQueue<>();

		final CountDownLatch release = new CountDownLatch(1);

		final List<Object> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

		static HeldConsumer subscribe(AssertableApplicationContext context) {
			HeldConsumer consumer = new HeldConsumer();
			context.getBean("events", SubscribableChannel.class).subscribe((message) -> {
				if (consumer.first.isEmpty() && consumer.handled.isEmpty()) {
					consumer.first.add(message);
				}
				try {
					if (!consumer.release.await(60, TimeUnit.SECONDS)) {
						throw new IllegalStateException("never released");
					}
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				Object payload = message.getPayload();
				consumer.handled
					.add((payload instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : payload);
			});
			return consumer;
		}

	}

}
