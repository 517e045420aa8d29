package io.ipcstarter.transport.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits when a ring has nothing to read (consumer) or no room to write
 * (producer).
 */
public enum IdleStrategy {

	/**
	 * Spin on the CPU ({@link Thread#onSpinWait()}): the lowest latency, one core kept
	 * 100% busy per waiting thread. Every {@value Idler#SPIN_YIELD_INTERVAL}th look
	 * offers the core to any other runnable thread ({@link Thread#yield()}, which returns
	 * at once when there is none): with more spinning threads than cores (two busy-spin
	 * endpoints and a sender on two cores), an idle spinner would otherwise hold a core
	 * for a whole scheduler slice while the threads with work wait for it.
	 */
	BUSY_SPIN,

	/**
	 * Spin, then {@link Thread#yield()}: gives the core to other runnable threads but
	 * still never sleeps.
	 */
	YIELD,

	/**
	 * Spin a little, yield a little, then park for a growing time up to a bound. The
	 * default: on a small machine a spinning consumer would starve the producers it waits
	 * for, and an idle endpoint should cost no CPU.
	 */
	BACKOFF;

	/** What one wait does. */
	enum Wait {

		SPIN, YIELD, PARK

	}

	/**
	 * A fresh per-thread idler; {@code maxParkNanos} bounds the park of {@link #BACKOFF}.
	 */
	Idler newIdler(long maxParkNanos) {
		return new Idler(this, maxParkNanos);
	}

	/**
	 * What the {@code n}th consecutive wait (counted from 0, since the last work) does.
	 */
	Wait waitFor(int n) {
		return switch (this) {
			case BUSY_SPIN ->
				((n & (Idler.SPIN_YIELD_INTERVAL - 1)) != Idler.SPIN_YIELD_INTERVAL - 1) ? Wait.SPIN : Wait.YIELD;
			case YIELD -> (n < Idler.SPINS) ? Wait.SPIN : Wait.YIELD;
			case BACKOFF -> (n < Idler.SPINS) ? Wait.SPIN : (n < Idler.SPINS + Idler.YIELDS) ? Wait.YIELD : Wait.PARK;
		};
	}

	/** The waiting state of one thread. Not thread-safe: one per waiting thread. */
	static final class Idler {

		static final int SPINS = 200;

		static final int YIELDS = 50;

		/**
		 * Looks between two offers of the core by {@link #BUSY_SPIN} (a power of two): a
		 * few microseconds of spinning, so the yield's system call costs a spinner with a
		 * core to itself little. With more spinners than cores, the core passes between
		 * them at this interval, so it bounds how long a message waits for its reader: on
		 * two cores 128 moved as many messages as 1024 and cut the round trip's p99 and
		 * p99.9 (benchmarks, busy-spin).
		 */
		static final int SPIN_YIELD_INTERVAL = 128;

		private static final long MIN_PARK_NANOS = 1_000;

		private final IdleStrategy strategy;

		private final long maxParkNanos;

		private int idleCount;

		private long parkNanos = MIN_PARK_NANOS;

		private Idler(IdleStrategy strategy, long maxParkNanos) {
			this.strategy = strategy;
			this.maxParkNanos = Math.max(MIN_PARK_NANOS, maxParkNanos);
		}

		/** Wait once and say how; call {@link #reset()} after doing work. */
		Wait idle() {
			int n = this.idleCount;
			this.idleCount = countAfter(n);
			Wait wait = this.strategy.waitFor(n);
			switch (wait) {
				case SPIN -> Thread.onSpinWait();
				case YIELD -> Thread.yield();
				case PARK -> {
					LockSupport.parkNanos(this.parkNanos);
					this.parkNanos = Math.min(this.parkNanos * 2, this.maxParkNanos);
				}
			}
			return wait;
		}

		/**
		 * The wait count after {@code n}: a very long idle goes on past the spin and
		 * yield steps, never negative.
		 */
		static int countAfter(int n) {
			return (n == Integer.MAX_VALUE) ? SPINS + YIELDS : n + 1;
		}

		/** Work was done: the next wait starts from the cheapest step again. */
		void reset() {
			this.idleCount = 0;
			this.parkNanos = MIN_PARK_NANOS;
		}

	}

}
