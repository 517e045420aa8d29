package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.ipcstarter.testsupport.PeerProcess;

import static org.awaitility.Awaitility.await;

/**
 * The receiver-kill loop the crash tests share ({@link DeliveryCrashTests},
 * {@link NamedPipeWindowsCrashTests} and the {@code *CrashWindowsTests}), over
 * {@link DeliveryPeer} processes: a sender printing {@code S <n>} / {@code F <n> ...} and
 * receivers printing {@code R <n>}. The run is cut into {@code kills + 1} shares of the
 * sender's messages; in the k-th, at a random point between {@code from} and {@code to}
 * of the share, and once the newest receiver has handled a message (so the sender reaches
 * it), that receiver is killed (-9, {@code TerminateProcess} on Windows) and a new one
 * started on the same address.
 *
 * @param count the messages the sender sends
 * @param kills how many receivers are killed
 * @param from the earliest kill point, as a fraction of a share
 * @param to the latest kill point, as a fraction of a share
 * @param timeout the most any step may take
 */
record ReceiverKills(int count, int kills, double from, double to, Duration timeout) {

	/**
	 * Kill the newest of {@code receivers} {@link #kills} times while {@code sender}
	 * sends, adding each one {@code restart} starts (returning once it is ready) to
	 * {@code receivers}.
	 */
	void run(PeerProcess sender, List<PeerProcess> receivers, Restart restart) throws Exception {
		for (int k = 1; k <= this.kills; k++) {
			int at = (int) (this.count * (k - 1 + ThreadLocalRandom.current().nextDouble(this.from, this.to))
					/ (this.kills + 1));
			PeerProcess newest = receivers.get(receivers.size() - 1);
			await().atMost(this.timeout).until(() -> progress(sender) >= at && !received(List.of(newest)).isEmpty());
			newest.kill();
			receivers.add(restart.start());
		}
	}

	/** Sends that returned or failed so far. */
	static int progress(PeerProcess sender) {
		return (int) sender.linesSoFar().stream().filter((l) -> l.startsWith("S ") || l.startsWith("F ")).count();
	}

	/** Each handling of a message by any of {@code receivers} so far. */
	static List<String> received(List<PeerProcess> receivers) {
		List<String> received = new ArrayList<>();
		for (PeerProcess receiver : List.copyOf(receivers)) {
			for (String line : receiver.linesSoFar()) {
				if (line.startsWith("R ")) {
					received.add(line.substring(2));
				}
			}
		}
		return received;
	}

	/** End the sender (when there is one) and every receiver. */
	static void close(PeerProcess sender, List<PeerProcess> receivers) throws InterruptedException {
		if (sender != null) {
			sender.close();
		}
		for (PeerProcess receiver : receivers) {
			receiver.close();
		}
	}

	/** Starts a receiver and returns once it is ready. */
	@FunctionalInterface
	interface Restart {

		PeerProcess start() throws Exception;

	}

}
