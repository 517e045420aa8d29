package io.ipcstarter.transport.shm;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits when a ring has nothing to read (consumer) or no room to write (producer).
 */
public enum IdleStrategy {

	/** Spin on the CPU ({@link Thread#onSpinWait()}): the lowest latency, one core kept 100% busy per waiting thread. */
	BUSY_SPIN,

	/** Spin, then {@link Thread#yield()}: gives the core to other runnable threads but still never sleeps. */
	YIELD,

	/**
	 * Spin a little, yield a little, then park for a growing time up to a bound. The default: on a small machine a
	 * spinning consumer would starve the producers it waits for, and an idle endpoint should cost no CPU.
	 */
	BACKOFF;

	/** A fresh per-thread idler; {@code maxParkNanos} bounds the park of {@link #BACKOFF}. */
	Idler newIdler(long maxParkNanos) {
		return new Idler(this, maxParkNanos);
	}

	/** The waiting state of one thread. Not thread-safe: one per waiting thread. */
	static final class Idler {

		private static final int SPINS = 200;

		private static final int YIELDS = 50;

		private static final long MIN_PARK_NANOS = 1_000;

		private final IdleStrategy strategy;

		private final long maxParkNanos;

		private int idleCount;

		private long parkNanos = MIN_PARK_NANOS;

		private Idler(IdleStrategy strategy, long maxParkNanos) {
			this.strategy = strategy;
			this.maxParkNanos = Math.max(MIN_PARK_NANOS, maxParkNanos);
		}

		/** Wait once; call {@link #reset()} after doing work. */
		void idle() {
			int n = this.idleCount++;
			switch (this.strategy) {
				case BUSY_SPIN -> Thread.onSpinWait();
				case YIELD -> {
					if (n < SPINS) {
						Thread.onSpinWait();
					}
					else {
						Thread.yield();
					}
				}
				case BACKOFF -> {
					if (n < SPINS) {
						Thread.onSpinWait();
					}
					else if (n < SPINS + YIELDS) {
						Thread.yield();
					}
					else {
						LockSupport.parkNanos(this.parkNanos);
						this.parkNanos = Math.min(this.parkNanos * 2, this.maxParkNanos);
					}
				}
			}
		}

		/** Work was done: the next wait starts from the cheapest step again. */
		void reset() {
			this.idleCount = 0;
			this.parkNanos = MIN_PARK_NANOS;
		}

	}

}
