package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import io.ipcstarter.testsupport.PeerProcess;

import static org.awaitility.Awaitility.await;

/**
 * What one crash run counted, for {@link CrashMatrixTests} and {@link DeliveryCrashTests}
 * (and the broker modules' crash tests, hence public): every send that returned (the
 * sender printed {@code S <n>}) is looked up among what the receivers handled, so lost
 * and duplicated messages are counted, not guessed.
 *
 * @param sent sends that returned
 * @param failures the sender's {@code F ...} lines: sends that failed (none from a sender
 * that never prints them)
 * @param received distinct messages handled
 * @param lost returned sends never handled
 * @param duplicates handlings beyond the first of a message
 * @param someLost the first ten lost messages, sorted
 */
public record Tally(int sent, List<String> failures, int received, int lost, int duplicates, List<String> someLost) {

	/**
	 * Wait until {@code received} (each handling of a message, by every receiver so far)
	 * has grown by nothing for {@code quiet}, then count it against what {@code sender}
	 * printed.
	 */
	public static Tally settle(PeerProcess sender, Supplier<List<String>> received, Duration quiet, Duration wait) {
		int[] last = { -1 };
		await().atMost(wait).pollInterval(quiet).until(() -> {
			int now = received.get().size();
			boolean still = now == last[0];
			last[0] = now;
			return still;
		});
		Set<String> sent = sent(sender);
		List<String> handled = received.get();
		List<String> failures = sender.linesSoFar().stream().filter((l) -> l.startsWith("F ")).toList();
		return of(sent, failures, handled);
	}

	/**
	 * What {@code received} (each handling of a message) says of {@code sent}, from a
	 * sender that does not report failed sends.
	 */
	public static Tally of(Set<String> sent, List<String> received) {
		return of(sent, List.of(), received);
	}

	/** What {@code received} (each handling of a message) says of {@code sent}. */
	public static Tally of(Set<String> sent, List<String> failures, List<String> received) {
		Map<String, Integer> times = new HashMap<>();
		received.forEach((m) -> times.merge(m, 1, Integer::sum));
		List<String> lost = sent.stream().filter((m) -> !times.containsKey(m)).sorted().toList();
		return new Tally(sent.size(), failures, times.size(), lost.size(), received.size() - times.size(),
				lost.subList(0, Math.min(10, lost.size())));
	}

	/** The messages whose send returned so far: the sender's {@code S <n>} lines. */
	public static Set<String> sent(PeerProcess sender) {
		Set<String> sent = new HashSet<>();
		for (String line : sender.linesSoFar()) {
			if (line.startsWith("S ")) {
				sent.add(line.substring(2));
			}
		}
		return sent;
	}

	@Override
	public String toString() {
		return "sent (returned) " + this.sent + ", failed " + this.failures.size() + ", received " + this.received
				+ " distinct, lost " + this.lost + ", duplicates " + this.duplicates;
	}

}
