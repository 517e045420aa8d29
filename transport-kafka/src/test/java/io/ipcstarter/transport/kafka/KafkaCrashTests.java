package io.ipcstarter.transport.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ipcstarter.reliability.InboxApplication;
import io.ipcstarter.reliability.Tally;
import io.ipcstarter.testsupport.PeerProcess;

import static io.ipcstarter.reliability.BurstLines.errors;
import static io.ipcstarter.reliability.BurstLines.progress;
import static io.ipcstarter.reliability.BurstLines.received;
import static io.ipcstarter.reliability.BurstLines.sent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * kill -9 of the consuming and of the producing application of a {@code kafka} stream,
 * across processes: the sender is the reliability suite's {@link InboxApplication} with
 * an {@code outbound} endpoint (a Spring Boot JVM of its own that sends
 * {@code m-0 ... m-(N-1)} one after the other and prints {@code S <i>} once each send
 * returned, i.e. the broker acknowledged it), the consumers are {@code InboxApplication}s
 * with an {@code inbound} endpoint in one consumer group on a topic of three partitions,
 * each printing {@code R m-<i>} as it handles a message. Either two consumers, one of
 * them killed with -9 mid-stream and another started in its place, five times; or the
 * sender killed mid-stream. Every returned send is looked up among what the consumers
 * handled ({@link Tally}): lost, duplicated and handled without a returned send are
 * counted, and compared with {@code docs/guarantees.md}'s row.
 * <p>
 * Only under {@code -Preliability} (ten Spring Boot JVMs take minutes): 10,000 messages
 * each. Every build kills a consumer mid-batch in {@code KafkaCrossProcessTests}.
 */
@Tag("reliability")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class KafkaCrashTests {

	private static final boolean FULL = Boolean.getBoolean("ipc.reliability.full");

	private static final Duration WAIT = Duration.ofSeconds(90);

	/** How long a share of the run may take on a loaded machine. */
	private static final Duration PROGRESS = Duration.ofMinutes(3);

	private static final int PARTITIONS = 3;

	private static final int CONSUMERS = 2;

	/**
	 * The consumers' handler time per message while they are killed: the sender is done
	 * within seconds, the consumers take a minute, so the kills spread over their run and
	 * each finds records fetched and not yet committed.
	 */
	private static final String SLOW_HANDLER_MICROS = "5000";

	@Test
	void consumersKilledMidStreamAndReplacedLoseNoAcknowledgedMessage() throws Exception {
		assumeTrue(FULL, "under -Preliability: eight application JVMs take a minute and more "
				+ "(KafkaCrossProcessTests kills a consumer in every build)");
		int count = 10_000;
		int kills = 5;
		String topic = topic();
		List<PeerProcess> receivers = new ArrayList<>();
		List<PeerProcess> alive = new ArrayList<>();
		PeerProcess sender = null;
		try {
			for (int i = 0; i < CONSUMERS; i++) {
				alive.add(consumer(topic, SLOW_HANDLER_MICROS));
			}
			receivers.addAll(alive);
			for (PeerProcess consumer : alive) {
				consumer.awaitLine(PeerProcess.SAID + "READY", WAIT);
			}
			sender = sender(topic, count);
			sender.awaitLine(PeerProcess.SAID + "READY", WAIT);
			PeerProcess s = sender;
			long started = System.nanoTime();
			for (int k = 1; k <= kills; k++) {
				// a random point in the k-th share of what the consumers handle, once the
				// consumer to die (the oldest) has handled something
				int at = (int) (count * (k - 1 + ThreadLocalRandom.current().nextDouble(0.3, 0.9)) / (kills + 1));
				PeerProcess victim = alive.remove(0);
				await().atMost(PROGRESS)
					.until(() -> received(receivers).size() >= at && !received(List.of(victim)).isEmpty());
				victim.kill();
				progress("consumer " + k + " killed", s, receivers, started);
				PeerProcess next = consumer(topic, SLOW_HANDLER_MICROS);
				receivers.add(next);
				alive.add(next);
				next.awaitLine(PeerProcess.SAID + "READY", WAIT);
			}
			Tally tally = settle(s, receivers, count);
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			System.out.println("RELIABILITY full kafka kill -9 of a consumer x" + kills + " (" + CONSUMERS
					+ " in the group, " + PARTITIONS + " partitions): " + tally + ", " + elapsed + " ms");
			assertThat(tally.sent()).as("every send returned").isEqualTo(count);
			assertThat(tally.lost()).as("acknowledged sends never handled: %s", tally.someLost()).isZero();
			assertThat(tally.failures()).as("sends that failed").isEmpty();
			assertThat(tally.received()).as("nothing but what was sent").isEqualTo(count);
			// offsets are committed after each poll's records: a consumer killed mid-poll
			// hands what it handled of that poll to the next member (max.poll.records,
			// 500, is the bound per kill)
			assertThat(tally.duplicates()).as("handled twice").isLessThanOrEqualTo(500 * kills);
		}
		finally {
			close(sender, receivers);
		}
	}

	@Test
	void producerKilledMidStreamHasEveryAcknowledgedMessageHandled() throws Exception {
		assumeTrue(FULL, "under -Preliability: two application JVMs take half a minute");
		int count = 10_000;
		String topic = topic();
		List<PeerProcess> receivers = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(consumer(topic, "0"));
			receivers.get(0).awaitLine(PeerProcess.SAID + "READY", WAIT);
			sender = sender(topic, count);
			sender.awaitLine(PeerProcess.SAID + "READY", WAIT);
			PeerProcess s = sender;
			long started = System.nanoTime();
			int at = (int) (count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			await().atMost(PROGRESS).until(() -> sent(s).size() >= at);
			sender.kill();
			progress("sender killed", s, receivers, started);
			assertThat(sent(sender)).as("the producer killed mid-stream, not after its last send")
				.hasSizeLessThan(count);
			Tally tally = settle(s, receivers, 0);
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
			System.out.println(
					"RELIABILITY full kafka kill -9 of the producer: " + tally + ", handled without a returned send "
							+ (tally.received() - tally.sent()) + ", " + elapsed + " ms");
			assertThat(tally.lost()).as("acknowledged sends never handled: %s", tally.someLost()).isZero();
			assertThat(tally.failures()).as("sends that failed").isEmpty();
			assertThat(tally.duplicates()).as("handled twice (one consumer, never killed)").isZero();
			// one send at a time: only the one in flight may be on the topic without its
			// send having returned
			assertThat(tally.received() - tally.sent()).as("handled but the send had not returned").isBetween(0, 1);
		}
		finally {
			close(sender, receivers);
		}
	}

	/** A topic of {@link #PARTITIONS} partitions, made for one test. */
	private static String topic() throws Exception {
		String topic = "crash-" + System.nanoTime();
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
		}
		return topic;
	}

	/**
	 * Wait until the sender has {@code expected} returned sends (0: whatever it has) and
	 * each was handled, then until the consumers handle nothing new for 3 s (what comes
	 * late is a duplicate), and count.
	 */
	private static Tally settle(PeerProcess sender, List<PeerProcess> receivers, int expected) {
		await().atMost(PROGRESS)
			.until(() -> sent(sender).size() >= expected && Tally.of(sent(sender), received(receivers)).lost() == 0);
		int[] last = { -1 };
		await().atMost(WAIT).pollInterval(Duration.ofSeconds(3)).until(() -> {
			int now = received(receivers).size();
			boolean still = now == last[0];
			last[0] = now;
			return still;
		});
		return Tally.of(sent(sender), errors(sender), received(receivers));
	}

	private static void close(PeerProcess sender, List<PeerProcess> receivers) throws InterruptedException {
		if (sender != null) {
			sender.close();
		}
		for (PeerProcess receiver : receivers) {
			receiver.close();
		}
	}

	/**
	 * A consuming application: {@code InboxApplication} with an inbound {@code kafka}
	 * endpoint in the group named after the topic, with a short session so that the group
	 * hands a killed member's partitions on within seconds, not the default 45 s.
	 */
	private static PeerProcess consumer(String topic, String handlerMicros) throws Exception {
		return PeerProcess.java(InboxApplication.class,
				"--spring.main.sources=" + KafkaPeerConfiguration.class.getName(),
				"--spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
				"--spring.kafka.consumer.properties.session.timeout.ms=2000",
				"--spring.kafka.consumer.properties.heartbeat.interval.ms=500", "--ipc.endpoints.in.transport=kafka",
				"--ipc.endpoints.in.role=inbound", "--ipc.endpoints.in.address=" + topic,
				"--ipc.endpoints.in.channel=in", "--ipc.endpoints.in.kafka.group-id=" + topic,
				"--inbox.handler-micros=" + handlerMicros);
	}

	/**
	 * The producing application: {@code InboxApplication} sending {@code m-0} ... one
	 * way, each once the last was acknowledged, spread over the partitions.
	 */
	private static PeerProcess sender(String topic, int count) throws Exception {
		return PeerProcess.java(InboxApplication.class,
				"--spring.main.sources=" + KafkaPeerConfiguration.class.getName(),
				"--spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
				"--spring.kafka.producer.properties.partitioner.class="
						+ "org.apache.kafka.clients.producer.RoundRobinPartitioner",
				"--ipc.endpoints.out.transport=kafka", "--ipc.endpoints.out.role=outbound",
				"--ipc.endpoints.out.address=" + topic, "--ipc.endpoints.out.channel=out", "--inbox.burst=" + count);
	}

}
