package io.ipcstarter.transport.shm;

import org.junit.jupiter.api.Test;

import io.ipcstarter.transport.shm.IdleStrategy.Wait;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The steps each idle strategy takes as a wait goes on (what each step costs is measured
 * in {@code benchmarks/}).
 */
class IdleStrategyTests {

	@Test
	void busySpinNeverSleepsAndOffersTheCoreOncePerInterval() {
		int interval = IdleStrategy.Idler.SPIN_YIELD_INTERVAL;
		for (int n = 0; n < 4 * interval; n++) {
			Wait expected = (n % interval == interval - 1) ? Wait.YIELD : Wait.SPIN;
			assertThat(IdleStrategy.BUSY_SPIN.waitFor(n)).as("wait %d", n).isEqualTo(expected);
		}
		assertThat(IdleStrategy.BUSY_SPIN.waitFor(Integer.MAX_VALUE)).isNotEqualTo(Wait.PARK);
	}

	@Test
	void yieldSpinsFirstThenYieldsForever() {
		assertThat(IdleStrategy.YIELD.waitFor(0)).isEqualTo(Wait.SPIN);
		assertThat(IdleStrategy.YIELD.waitFor(IdleStrategy.Idler.SPINS - 1)).isEqualTo(Wait.SPIN);
		assertThat(IdleStrategy.YIELD.waitFor(IdleStrategy.Idler.SPINS)).isEqualTo(Wait.YIELD);
		assertThat(IdleStrategy.YIELD.waitFor(Integer.MAX_VALUE)).isEqualTo(Wait.YIELD);
	}

	@Test
	void backoffSpinsThenYieldsThenParks() {
		int spins = IdleStrategy.Idler.SPINS;
		int yields = IdleStrategy.Idler.YIELDS;
		assertThat(IdleStrategy.BACKOFF.waitFor(spins - 1)).isEqualTo(Wait.SPIN);
		assertThat(IdleStrategy.BACKOFF.waitFor(spins)).isEqualTo(Wait.YIELD);
		assertThat(IdleStrategy.BACKOFF.waitFor(spins + yields - 1)).isEqualTo(Wait.YIELD);
		assertThat(IdleStrategy.BACKOFF.waitFor(spins + yields)).isEqualTo(Wait.PARK);
		assertThat(IdleStrategy.BACKOFF.waitFor(Integer.MAX_VALUE)).isEqualTo(Wait.PARK);
	}

	@Test
	void aWaitLongerThanTheCounterGoesOnWithoutStartingToSpinAgain() {
		int after = IdleStrategy.Idler.countAfter(Integer.MAX_VALUE);
		assertThat(IdleStrategy.BACKOFF.waitFor(after)).isEqualTo(Wait.PARK);
		assertThat(IdleStrategy.YIELD.waitFor(after)).isEqualTo(Wait.YIELD);
		assertThat(IdleStrategy.Idler.countAfter(41)).isEqualTo(42);
	}

}
