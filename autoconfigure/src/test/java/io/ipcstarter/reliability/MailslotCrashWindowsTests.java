package io.ipcstarter.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes on {@code mailslot} under Wine ({@link WindowsCrashes}: a receiving and a
 * sending Windows JVM): the receiver killed and restarted on the same name while the
 * sender sends, and the sender killed while it sends. docs/guarantees.md: a returned send
 * means the message is in the mailslot, which is the receiver's and goes with it, so a
 * killed receiver loses what was queued and never sees a message twice; while no process
 * owns the name the sender waits (up to {@code send-timeout}, 30 s here) rather than
 * fail. A killed sender loses nothing it had written. Under {@code -Preliability} only:
 * every Windows JVM under Wine takes seconds to start.
 */
@WindowsTest
@Tag("reliability")
class MailslotCrashWindowsTests {

	private final WindowsCrashes crashes = new WindowsCrashes("mailslot", PipePaths.uniqueName("mscrash"), 4_000, 3,
			500);

	@Test
	void receiverKilledAndRestarted() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.receiverKilled();
		assertThat(outcome.corrupt()).as("handled but never sent").isEmpty();
		assertThat(outcome.tally().duplicates()).as("at most once").isZero();
		assertThat(outcome.tally().failures()).as("a restarted receiver owns the name within send-timeout").isEmpty();
		// a restart refused the name ("address already in use") is started again and
		// reported (once in six restarts, unexplained: docs/reliability.md); one refused
		// for good fails the run
		assertThat(outcome.lastHandled()).as("the last receiver took over the name").isPositive();
	}

	@Test
	void senderKilled() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.senderKilled();
		assertThat(outcome.corrupt()).as("handled but never sent").isEmpty();
		assertThat(outcome.tally().lost()).as("returned sends never handled").isZero();
		assertThat(outcome.tally().duplicates()).isZero();
		assertThat(outcome.tally().received() - outcome.tally().sent())
			.as("handled but the send had not returned: the one in flight")
			.isBetween(0, 1);
	}

}
