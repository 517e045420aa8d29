package io.ipcstarter.bench.scenario;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

/**
 * How a shared-memory reader (or a writer facing a full ring) waits: a dimension of the
 * shared-memory rows, because on a 2-core machine a spinning reader can starve its
 * writer.
 */
enum Idle {

	/** Never gives up the core: lowest latency when there is a core to spare. */
	SPIN("busy-spin"),

	/**
	 * Spin briefly, then yield, then park 1 µs doubling up to 100 µs: gives the core back
	 * when idle.
	 */
	BACKOFF("backoff");

	private final String id;

	Idle(String id) {
		this.id = id;
	}

	String id() {
		return this.id;
	}

	IdleStrategy create() {
		return (this == SPIN) ? new BusySpinIdleStrategy() : new BackoffIdleStrategy(100, 10, 1_000, 100_000);
	}

}
