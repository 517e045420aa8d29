package io.ipcstarter.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Crashes on {@code dde} under Wine ({@link WindowsCrashes}: a DDE server
 * ({@code inbound-gateway}) and a poking client ({@code outbound}), each a Windows JVM):
 * the server killed and restarted on the same service while the client pokes, and the
 * client killed while it pokes. docs/guarantees.md: a poke returns once the server's flow
 * handled it and acknowledged, so a killed server loses no poke that returned, and none
 * is handled twice (at most once); pokes while no server is registered fail
 * ({@code peer-rejected}), and the first after the restart connects afresh. A killed
 * client loses nothing. Under {@code -Preliability} only: every Windows JVM under Wine
 * takes seconds to start.
 */
@WindowsTest
@Tag("reliability")
class DdeCrashWindowsTests {

	private final WindowsCrashes crashes = new WindowsCrashes("dde", PipePaths.uniqueName("ddecrash") + "|crash", 3_000,
			3, 200);

	@Test
	void receiverKilledAndRestarted() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.receiverKilled();
		assertThat(outcome.corrupt()).as("handled but never poked").isEmpty();
		assertThat(outcome.tally().lost()).as("returned pokes never handled").isZero();
		assertThat(outcome.tally().duplicates()).as("at most once").isZero();
		assertThat(outcome.lastHandled()).as("the client reaches the restarted server").isPositive();
	}

	@Test
	void senderKilled() throws Exception {
		assumeTrue(Reliability.FULL, "runs under -Preliability");
		WindowsCrashes.Outcome outcome = this.crashes.senderKilled();
		assertThat(outcome.corrupt()).as("handled but never poked").isEmpty();
		assertThat(outcome.tally().lost()).as("returned pokes never handled").isZero();
		assertThat(outcome.tally().duplicates()).isZero();
		assertThat(outcome.tally().received() - outcome.tally().sent())
			.as("handled but the poke had not returned: the one in flight")
			.isBetween(0, 1);
	}

}
