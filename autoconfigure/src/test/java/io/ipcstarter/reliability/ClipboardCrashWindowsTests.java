package io.ipcstarter.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes on {@code clipboard} under Wine ({@link WindowsCrashes}: a receiving and a
 * sending Windows JVM): the reader killed and restarted while the writer writes, and the
 * writer killed while it writes. docs/guarantees.md: the clipboard is one slot, the last
 * writer wins, so what is written while no reader lives (or before the reader read it) is
 * gone, and nothing is delivered twice (at most once). What is lost is counted, not held
 * to a bound. Under {@code -Preliability} only: every Windows JVM under Wine takes
 * seconds to start.
 */
@WindowsTest
@Tag("reliability")
class ClipboardCrashWindowsTests {

	/**
	 * 6,000 at 100 a second: a writer does not wait for a reader, so the run must outlast
	 * three restarts of a reader under Wine (up to 15 s each on a loaded machine).
	 */
	private final WindowsCrashes crashes = new WindowsCrashes("clipboard", PipePaths.uniqueName("cbcrash"), 6_000, 3,
			100);

	@Test
	void receiverKilledAndRestarted() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.receiverKilled();
		assertThat(outcome.corrupt()).as("handled but never written").isEmpty();
		assertThat(outcome.tally().duplicates()).as("at most once").isZero();
		assertThat(outcome.tally().failures()).as("writing needs no reader").isEmpty();
		assertThat(outcome.lastHandled()).as("the last reader is told of changes").isPositive();
	}

	@Test
	void senderKilled() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.senderKilled();
		assertThat(outcome.corrupt()).as("handled but never written").isEmpty();
		assertThat(outcome.tally().duplicates()).isZero();
		// read, but not among the returned writes: at most the one in flight
		assertThat(outcome.tally().received() - (outcome.tally().sent() - outcome.tally().lost()))
			.as("read but the write had not returned: the one in flight")
			.isBetween(0, 1);
	}

}
