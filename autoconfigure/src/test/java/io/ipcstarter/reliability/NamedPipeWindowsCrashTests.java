package io.ipcstarter.reliability;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@link DeliveryCrashTests} for a Windows named pipe: a receiving and a sending
 * {@link DeliveryPeer} Windows JVM (under Wine here), the receiver killed
 * ({@code TerminateProcess}, what {@link PeerProcess#kill()} does on Windows) and
 * restarted on the same pipe name while the sender sends, and the sender killed while it
 * sends. Every send that returned is looked up among what the receivers handled, so what
 * a crash loses is counted; docs/guarantees.md quotes it. The Windows suite runs
 * {@code delivery: plain} with one receiver kill (every Windows JVM under Wine takes
 * seconds to start); {@code -Preliability -P windows-tests} adds {@code acknowledged},
 * three kills and 6,000 messages.
 */
@WindowsTest
class NamedPipeWindowsCrashTests {

	private static final Duration WAIT = Duration.ofSeconds(120);

	/** Handler time per message: the receiver falls behind, as in DeliveryCrashTests. */
	private static final String HANDLER_MICROS = "200";

	/** Messages a second at most: the run outlasts a receiver's restart under Wine. */
	private static final String SENDER_RATE = "500";

	private static final int COUNT = Reliability.scale(1_000, 6_000);

	private static final int KILLS = Reliability.scale(1, 3);

	private final String pipe = PipePaths.uniqueName("wincrash");

	@ParameterizedTest
	@ValueSource(strings = { "plain", "acknowledged" })
	void receiverKilledAndRestarted(String delivery) throws Exception {
		assumeTrue(Reliability.FULL || delivery.equals("plain"), "acknowledged runs under -Preliability");
		List<PeerProcess> receivers = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(receiver(delivery));
			sender = sender(delivery);
			// early in each share: a receiver under Wine takes seconds to start
			new ReceiverKills(COUNT, KILLS, 0.15, 0.35, WAIT).run(sender, receivers, () -> receiver(delivery));
			sender.awaitLine("DONE", WAIT);
			Tally tally = Tally.settle(sender, () -> ReceiverKills.received(receivers), Duration.ofSeconds(2), WAIT);
			Reliability.report("receiver killed x" + KILLS + " (TerminateProcess, under Wine) named-pipe " + delivery
					+ ", " + COUNT + " messages: " + tally
					+ ((tally.failures().isEmpty()) ? "" : ", e.g. " + tally.failures().get(0)));
			if (delivery.equals("acknowledged")) {
				assertThat(tally.lost()).as("returned sends never handled").isZero();
				assertThat(tally.duplicates()).as("at most one duplicate per receiver crash")
					.isLessThanOrEqualTo(KILLS);
			}
			else {
				assertThat(tally.duplicates()).as("plain delivery never sends twice").isZero();
			}
			assertThat(tally.sent() + tally.failures().size()).as("every send returned or failed").isEqualTo(COUNT);
		}
		finally {
			ReceiverKills.close(sender, receivers);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "acknowledged" })
	void senderKilled(String delivery) throws Exception {
		assumeTrue(Reliability.FULL || delivery.equals("plain"), "acknowledged runs under -Preliability");
		List<PeerProcess> receivers = new ArrayList<>();
		PeerProcess sender = null;
		try {
			receivers.add(receiver(delivery));
			sender = sender(delivery);
			int at = (int) (COUNT * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			PeerProcess s = sender;
			await().atMost(WAIT).until(() -> Tally.sent(s).size() >= at);
			sender.kill();
			Tally tally = Tally.settle(sender, () -> ReceiverKills.received(receivers), Duration.ofSeconds(2), WAIT);
			Reliability.report("sender killed (TerminateProcess, under Wine) named-pipe " + delivery + ": " + tally);
			assertThat(tally.duplicates()).isZero();
			assertThat(tally.received() - tally.sent()).as("handled but the send had not returned: the one in flight")
				.isBetween(0, 1);
			if (delivery.equals("acknowledged")) {
				assertThat(tally.lost()).as("returned sends never handled").isZero();
			}
		}
		finally {
			ReceiverKills.close(sender, receivers);
		}
	}

	private PeerProcess receiver(String delivery) throws Exception {
		PeerProcess receiver = PeerProcess.java(DeliveryPeer.class, "receive", "named-pipe", this.pipe, delivery,
				HANDLER_MICROS);
		receiver.awaitLine("READY", WAIT);
		return receiver;
	}

	private PeerProcess sender(String delivery) throws IOException {
		return PeerProcess.java(DeliveryPeer.class, "send", "named-pipe", this.pipe, delivery, String.valueOf(COUNT),
				SENDER_RATE);
	}

}
