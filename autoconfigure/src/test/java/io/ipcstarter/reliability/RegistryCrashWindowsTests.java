package io.ipcstarter.reliability;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes on {@code registry} under Wine ({@link WindowsCrashes}: a watching and a
 * writing Windows JVM, one value {@code n} of a key of their own): the watcher killed and
 * restarted while the writer writes, and the writer killed while it writes.
 * docs/guarantees.md: a value holds the latest write only, so what is written while no
 * watcher lives, or overwritten before the watcher read it, is never delivered; nothing
 * is delivered twice, nothing that was not written, and a new watcher hears of the next
 * value. What is missed is counted, not held to a bound. Under {@code -Preliability}
 * only: every Windows JVM under Wine takes seconds to start.
 */
@WindowsTest
@Tag("reliability")
class RegistryCrashWindowsTests {

	private final String key = "HKCU\\Software\\IpcStarterTests\\regcrash-" + UUID.randomUUID();

	/**
	 * 6,000 at 100 a second, as on {@code clipboard}: a writer does not wait for a
	 * watcher, so the run must outlast three restarts of a watcher under Wine.
	 */
	private final WindowsCrashes crashes = new WindowsCrashes("registry", this.key, 6_000, 3, 100);

	@AfterEach
	void deleteKey() throws Exception {
		// the key lives on in the Wine prefix's registry otherwise
		try (PeerProcess reg = PeerProcess.command(List.of("reg.exe", "delete", this.key, "/f"))) {
			reg.awaitExit(WindowsCrashes.WAIT);
		}
	}

	@Test
	void receiverKilledAndRestarted() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.receiverKilled();
		assertThat(outcome.corrupt()).as("delivered but never written").isEmpty();
		assertThat(outcome.tally().duplicates()).as("each new value once").isZero();
		assertThat(outcome.tally().failures()).as("writing needs no watcher").isEmpty();
		assertThat(outcome.lastHandled()).as("the last watcher hears of later values").isPositive();
	}

	@Test
	void senderKilled() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.senderKilled();
		assertThat(outcome.corrupt()).as("delivered but never written").isEmpty();
		assertThat(outcome.tally().duplicates()).isZero();
		// delivered, but not among the returned writes: at most the one in flight
		assertThat(outcome.tally().received() - (outcome.tally().sent() - outcome.tally().lost()))
			.as("delivered but the write had not returned: the one in flight")
			.isBetween(0, 1);
	}

}
