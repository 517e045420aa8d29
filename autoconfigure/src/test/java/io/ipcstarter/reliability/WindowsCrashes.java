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
		List<String> refused = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(receiver(refused));
			sender = sender();
			new ReceiverKills(this.count, this.kills, 0.15, 0.35, WAIT).run(sender, receivers, () -> receiver(refused));
			sender.awaitLine("DONE", WAIT);
			return outcome("receiver killed x" + this.kills, sender, receivers, refused);
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
			receivers.add(receiver(new ArrayList<>()));
			sender = sender();
			int at = (int) (this.count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			PeerProcess s = sender;
			await().atMost(WAIT).until(() -> ReceiverKills.progress(s) >= at);
			sender.kill();
			return outcome("sender killed", sender, receivers, List.of());
		}
		finally {
			ReceiverKills.close(sender, receivers);
		}
	}

	private Outcome outcome(String what, PeerProcess sender, List<PeerProcess> receivers, List<String> refused) {
		Tally tally = Tally.settle(sender, () -> ReceiverKills.received(receivers), Duration.ofSeconds(2), WAIT);
		List<String> handled = ReceiverKills.received(receivers);
		List<String> corrupt = handled.stream().filter((m) -> !this.isSent(m)).toList();
		int lastHandled = ReceiverKills.received(List.of(receivers.get(receivers.size() - 1))).size();
		Map<String, Integer> failedBy = new TreeMap<>();
		tally.failures().forEach((f) -> failedBy.merge(f.split(" ", 4)[2], 1, Integer::sum));
		Outcome outcome = new Outcome(tally, corrupt, lastHandled, failedBy, List.copyOf(refused));
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

	/**
	 * A receiver on the run's address, ready. A receiver that cannot take the address
	 * (under Wine a mailslot's name was once still taken seconds after its owner was
	 * killed: docs/reliability.md) is started again a second later, until {@link #WAIT};
	 * each refusal goes to {@code refused}, so the test sees it and the run goes on.
	 */
	private PeerProcess receiver(List<String> refused) throws Exception {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			PeerProcess receiver = PeerProcess.java(DeliveryPeer.class, "receive", this.transport, this.address,
					"plain", HANDLER_MICROS);
			try {
				receiver.awaitLine("READY", WAIT);
				return receiver;
			}
			catch (AssertionError ex) {
				receiver.close();
				String why = receiver.errorOutput()
					.lines()
					.filter((l) -> l.contains("already in use"))
					.findFirst()
					.orElse(null);
				if (why == null || System.nanoTime() - deadline >= 0) {
					throw ex;
				}
				refused.add(why);
				Thread.sleep(1000);
			}
		}
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
	 * @param refused why a restarted receiver could not take the address, each time
	 */
	record Outcome(Tally tally, List<String> corrupt, int lastHandled, Map<String, Integer> failedBy,
			List<String> refused) {

		@Override
		public String toString() {
			return this.tally + ", corrupt " + this.corrupt.size() + ", last receiver handled " + this.lastHandled
					+ (this.failedBy.isEmpty() ? "" : ", failed by reason " + this.failedBy)
					+ (this.refused.isEmpty() ? ""
							: ", restart refused " + this.refused.size() + "x: " + this.refused.get(0))
					+ (this.tally.failures().isEmpty() ? "" : ", e.g. " + this.tally.failures().get(0))
					+ (this.tally.someLost().isEmpty() ? "" : ", lost e.g. " + this.tally.someLost());
		}

	}

}
