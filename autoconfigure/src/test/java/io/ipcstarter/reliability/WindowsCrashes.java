package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

import io.ipcstarter.testsupport.PeerProcess;

import static org.awaitility.Awaitility.await;

/**
 * One crash run of a Windows transport for the {@code *CrashWindowsTests}: a sending and
 * a receiving {@link DeliveryPeer} Windows JVM (under Wine here), and either the receiver
 * killed ({@code TerminateProcess}, what {@link PeerProcess#kill()} does on Windows) and
 * restarted on the same address {@code kills} times while the sender sends
 * ({@link ReceiverKills}), or the sender killed at a random point. Each run ends in an
 * {@link Outcome} for the test to hold against docs/guarantees.md.
 *
 * @param transport the transport's id
 * @param address the receiver's address, the same for every receiver of the run
 * @param count messages the sender sends ({@code 0 ... count-1})
 * @param kills receivers killed in {@link #receiverKilled()}
 * @param rate messages a second the sender sends at most
 */
record WindowsCrashes(String transport, String address, int count, int kills, int rate) {

	/** The most any step may take: a Windows JVM under Wine starts in 5 to 30 s. */
	static final Duration WAIT = Duration.ofSeconds(180);

	/** Handler time per message, as in {@link DeliveryCrashTests}. */
	private static final String HANDLER_MICROS = "200";

	/**
	 * Kill the receiver {@link #kills} times, each early in its share of the run (a
	 * receiver under Wine takes seconds to start), and count once the sender is done.
	 */
	Outcome receiverKilled() throws Exception {
		List<PeerProcess> receivers = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(receiver());
			sender = sender();
			new ReceiverKills(this.count, this.kills, 0.15, 0.35, WAIT).run(sender, receivers, this::receiver);
			sender.awaitLine("DONE", WAIT);
			return outcome("receiver killed x" + this.kills, sender, receivers);
		}
		finally {
			ReceiverKills.close(sender, receivers);
		}
	}

	/** Kill the sender at a random point between 20 % and 60 % of its messages. */
	Outcome senderKilled() throws Exception {
		List<PeerProcess> receivers = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(receiver());
			sender = sender();
			int at = (int) (this.count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			PeerProcess s = sender;
			await().atMost(WAIT).until(() -> ReceiverKills.progress(s) >= at);
			sender.kill();
			return outcome("sender killed", sender, receivers);
		}
		finally {
			ReceiverKills.close(sender, receivers);
		}
	}

	private Outcome outcome(String what, PeerProcess sender, List<PeerProcess> receivers) {
		Tally tally = Tally.settle(sender, () -> ReceiverKills.received(receivers), Duration.ofSeconds(2), WAIT);
		List<String> handled = ReceiverKills.received(receivers);
		List<String> corrupt = handled.stream().filter((m) -> !this.isSent(m)).toList();
		int lastHandled = ReceiverKills.received(List.of(receivers.get(receivers.size() - 1))).size();
		Map<String, Integer> failedBy = new TreeMap<>();
		tally.failures().forEach((f) -> failedBy.merge(f.split(" ", 4)[2], 1, Integer::sum));
		Outcome outcome = new Outcome(tally, corrupt, lastHandled, failedBy);
		Reliability.report(what + " (TerminateProcess, under Wine) " + this.transport + ", " + this.count
				+ " messages at " + this.rate + "/s: " + outcome);
		return outcome;
	}

	/** Whether {@code message} is one the sender may have sent, byte for byte. */
	private boolean isSent(String message) {
		try {
			int n = Integer.parseInt(message);
			return n >= 0 && n < this.count && Integer.toString(n).equals(message);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private PeerProcess receiver() throws Exception {
		PeerProcess receiver = PeerProcess.java(DeliveryPeer.class, "receive", this.transport, this.address, "plain",
				HANDLER_MICROS);
		receiver.awaitLine("READY", WAIT);
		return receiver;
	}

	private PeerProcess sender() throws Exception {
		PeerProcess sender = PeerProcess.java(DeliveryPeer.class, "send", this.transport, this.address, "plain",
				String.valueOf(this.count), String.valueOf(this.rate));
		sender.awaitLine("READY", WAIT);
		return sender;
	}

	/**
	 * What a run counted.
	 *
	 * @param tally sent, lost and duplicated messages
	 * @param corrupt handled messages the sender never sent (bytes changed on the way)
	 * @param lastHandled messages the receiver alive at the end handled: above zero, it
	 * was not wedged by its predecessor's crash
	 * @param failedBy failed sends by reason
	 */
	record Outcome(Tally tally, List<String> corrupt, int lastHandled, Map<String, Integer> failedBy) {

		@Override
		public String toString() {
			return this.tally + ", corrupt " + this.corrupt.size() + ", last receiver handled " + this.lastHandled
					+ (this.failedBy.isEmpty() ? "" : ", failed by reason " + this.failedBy)
					+ (this.tally.failures().isEmpty() ? "" : ", e.g. " + this.tally.failures().get(0))
					+ (this.tally.someLost().isEmpty() ? "" : ", lost e.g. " + this.tally.someLost());
		}

	}

}
