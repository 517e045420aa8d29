package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream of messages across processes through a real broker, with something killed in
 * the middle: the broker (kill -9, then started again on its data directory and port), or
 * the consumer (kill -9 of its JVM while it handles a message, then a second consumer
 * takes over). The sender, in this JVM, sends {@code m0 ... m(N-1)} one after the other,
 * each waiting for the broker's confirm, and sends a message again when its send fails,
 * as an application that must not lose it would; a final {@code end} marks the end of the
 * stream (one queue, one consumer at a time: everything before it has been handled once
 * it has). Counted: failed sends (reason, time), messages handled, duplicated and lost.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class AmqpStreamCrashTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	@Test
	void brokerKilledAndRestartedMidStreamLosesNoConfirmedMessage() throws Exception {
		RabbitTestBroker broker = RabbitTestBroker.get();
		String queue = "ipc-restart-" + UUID.randomUUID();
		int sent = 150;
		List<Failure> failures = new ArrayList<>();
		try (PeerProcess consumer = consumer(broker, queue, 5); IpcClient sender = sender(broker, queue)) {
			CompletableFuture<Void> restarted = null;
			for (int i = 0; i < sent; i++) {
				sendUntilConfirmed(sender, "m" + i, failures);
				if (i == sent / 3) {
					broker.crash();
					restarted = CompletableFuture.runAsync(broker::restart);
				}
			}
			sendUntilConfirmed(sender, "end", failures);
			restarted.join();
			consumer.awaitLineEqualTo(PeerProcess.SAID + "got end", WAIT);
			Map<String, Integer> handled = handled(consumer.linesSoFar());
			int deliveries = handled.values().stream().mapToInt(Integer::intValue).sum();
			int lost = sent - handled.size();
			List<String> lines = consumer.linesSoFar();
			long lostBroker = lines.stream().filter((line) -> line.contains("error io")).count();
			int beforeLoss = handled(lines.subList(0,
					lines.indexOf(lines.stream()
						.filter((line) -> line.contains("error io"))
						.findFirst()
						.orElse(lines.get(lines.size() - 1)))))
				.size();
			System.out.println("amqp restart: handled before the broker went " + beforeLoss + ", duplicated "
					+ handled.entrySet()
						.stream()
						.filter((e) -> e.getValue() > 1)
						.map(Object::toString)
						.sorted()
						.toList());
			System.out.printf(
					"amqp broker killed and restarted mid-stream: sent %d (confirmed), failed sends %d %s, "
							+ "handled %d times, distinct %d, duplicated %d, lost %d; the consumer reported %d lost "
							+ "connections%n",
					sent, failures.size(), failures, deliveries, handled.size(), deliveries - handled.size(), lost,
					lostBroker);
			assertThat(lost).as("every confirmed message handled").isZero();
			assertThat(handled.keySet()).as("nothing but what was sent").allMatch((m) -> m.matches("m\\d+"));
			assertThat(lostBroker).as("the consumer saw its broker go, and came back").isPositive();
			assertThat(failures).as("sends while the broker was away failed").isNotEmpty();
			assertThat(failures).allSatisfy((failure) -> {
				assertThat(failure.reason()).isEqualTo(ErrorReason.TIMEOUT);
				assertThat(failure.took()).isGreaterThanOrEqualTo(SEND_TIMEOUT.minusMillis(50))
					.isLessThan(SEND_TIMEOUT.plusSeconds(5));
			});
			// at-least-once: a crashed broker forgets the acknowledgements it had not yet
			// written down, so messages handled shortly before it went come again; and a
			// message whose confirm was lost with the connection is sent again, maybe
			// twice on the queue then. Never more than that
			assertThat(deliveries - handled.size()).as("handled again").isBetween(0, beforeLoss + failures.size() + 1);
			assertThat(handled.values()).as("each handled at most once more, or twice when also sent again")
				.allMatch((times) -> times <= 3);
		}
	}

	@Test
	void consumerKilledMidMessageHasItHandledAgainByTheNextAndNoneLost() throws Exception {
		RabbitTestBroker broker = RabbitTestBroker.get();
		String queue = "ipc-killed-" + UUID.randomUUID();
		int sent = 200;
		List<Failure> failures = new ArrayList<>();
		Map<String, Integer> byTheKilled;
		try (IpcClient sender = sender(broker, queue)) {
			try (PeerProcess first = consumer(broker, queue, 20)) {
				for (int i = 0; i < sent; i++) {
					sendUntilConfirmed(sender, "m" + i, failures);
				}
				sendUntilConfirmed(sender, "end", failures);
				for (int i = 0; i < sent / 3; i++) {
					first.awaitLine(PeerProcess.SAID + "got ", WAIT);
				}
				first.kill(); // in the middle of a message: 20 ms each
				byTheKilled = handled(first.linesSoFar());
			}
			try (PeerProcess next = consumer(broker, queue, 0)) {
				next.awaitLineEqualTo(PeerProcess.SAID + "got end", WAIT);
				Map<String, Integer> byTheNext = handled(next.linesSoFar());
				Map<String, Integer> handled = new HashMap<>(byTheKilled);
				byTheNext.forEach((message, times) -> handled.merge(message, times, Integer::sum));
				int deliveries = handled.values().stream().mapToInt(Integer::intValue).sum();
				int lost = sent - handled.size();
				System.out.printf(
						"amqp consumer killed mid-message: sent %d, handled by the killed consumer %d, by the next %d, "
								+ "duplicated %d, lost %d%n",
						sent, byTheKilled.size(), byTheNext.size(), deliveries - handled.size(), lost);
				assertThat(failures).isEmpty();
				assertThat(lost).as("none lost").isZero();
				assertThat(byTheKilled.size()).isGreaterThanOrEqualTo(sent / 3);
				// each message is acknowledged as soon as it is handled: only the one in
				// hand when the process died can come twice
				assertThat(deliveries - handled.size()).as("handled twice").isBetween(0, 1);
			}
		}
	}

	private static PeerProcess consumer(RabbitTestBroker broker, String queue, int millisPerMessage) throws Exception {
		PeerProcess consumer = PeerProcess.java(AmqpConsumerMain.class, Integer.toString(broker.port()), queue,
				Integer.toString(millisPerMessage));
		consumer.await("ready", WAIT);
		return consumer;
	}

	private static IpcClient sender(RabbitTestBroker broker, String queue) throws IOException {
		return new AmqpTransport().createClient(EndpointSpec.builder("sender", "amqp", Role.OUTBOUND, queue)
			.sendTimeout(SEND_TIMEOUT)
			.option(AmqpOptions.class, new AmqpOptions().withBroker(broker.broker()))
			.build());
	}

	/** How many times the consumer handled each message {@code m<i>}. */
	private static Map<String, Integer> handled(List<String> lines) {
		Map<String, Integer> handled = new HashMap<>();
		String got = PeerProcess.SAID + "got ";
		lines.stream()
			.filter((line) -> line.startsWith(got + "m"))
			.forEach((line) -> handled.merge(line.substring(got.length()), 1, Integer::sum));
		return handled;
	}

	private static void sendUntilConfirmed(IpcClient sender, String text, List<Failure> failures) {
		while (true) {
			long start = System.nanoTime();
			try {
				sender.send(text.getBytes(StandardCharsets.UTF_8));
				return;
			}
			catch (IOException ex) {
				failures.add(new Failure(IpcException.reasonOf(ex), Duration.ofNanos(System.nanoTime() - start)));
				if (failures.size() > 100) {
					throw new AssertionError("The broker did not come back", ex);
				}
			}
		}
	}

	private record Failure(ErrorReason reason, Duration took) {

		@Override
		public String toString() {
			return this.reason.tag() + " after " + this.took.toMillis() + " ms";
		}

	}

}
