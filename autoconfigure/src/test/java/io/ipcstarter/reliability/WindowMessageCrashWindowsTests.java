package io.ipcstarter.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes on {@code window-message} (WM_COPYDATA) under Wine ({@link WindowsCrashes}: a
 * receiving and a sending Windows JVM): the receiver killed and restarted on the same
 * window name while the sender sends, and the sender killed while it sends.
 * docs/guarantees.md: a send returns once the receiver's window procedure handled the
 * message, so a killed receiver loses no message whose send returned, and none is handled
 * twice (at most once); the sender looks for the new window until {@code send-timeout}. A
 * killed sender loses nothing. Under {@code -Preliability} only: every Windows JVM under
 * Wine takes seconds to start.
 */
@WindowsTest
@Tag("reliability")
class WindowMessageCrashWindowsTests {

	private final WindowsCrashes crashes = new WindowsCrashes("window-message", PipePaths.uniqueName("wmcrash"), 4_000,
			3, 500);

	@Test
	void receiverKilledAndRestarted() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.receiverKilled();
		assertThat(outcome.corrupt()).as("handled but never sent").isEmpty();
		assertThat(outcome.tally().lost()).as("returned sends never handled").isZero();
		assertThat(outcome.tally().duplicates()).as("at most once").isZero();
		assertThat(outcome.tally().failures().size()).as("at most the send in flight at each kill fails")
			.isLessThanOrEqualTo(3);
		assertThat(outcome.tally().failures()).as("a send in flight at a kill fails, saying it may have been handled")
			.allSatisfy((f) -> assertThat(f).contains(" io ").contains("may have handled it"));
		assertThat(outcome.lastHandled()).as("the last receiver's window is found").isPositive();
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
