package io.ipcstarter.transport.shm;

import java.time.Duration;

import org.springframework.util.unit.DataSize;

import io.ipcstarter.transport.TransportOptions;

/**
 * Options of the {@code shared-memory} transport
 * ({@code ipc.endpoints.<name>.shared-memory.*}).
 */
public class SharedMemoryOptions extends TransportOptions<SharedMemoryOptions> {

	/**
	 * Size of the ring's data region: a power of two between 1KB and 1GB. Both sides of a
	 * ring must configure the same value; a ring of another size is refused, never
	 * resized. Must hold at least two of the largest message.
	 */
	private DataSize capacity = DataSize.ofMegabytes(4);

	/**
	 * How a waiting thread (the reader, a sender facing a full ring, a gateway awaiting
	 * its reply) waits: "busy-spin", "yield" or "backoff" (spin, yield, then park up to
	 * max-park). Busy-spin and yield keep a core busy per waiting thread (busy-spin
	 * offers it to other runnable threads every 128th look).
	 */
	private IdleStrategy idleStrategy = IdleStrategy.BACKOFF;

	/**
	 * Longest single park of the backoff idle strategy: the worst extra latency a message
	 * pays after a quiet period.
	 */
	private Duration maxPark = Duration.ofMillis(1);

	/**
	 * How long a record may stay claimed but uncommitted before the reader skips it and
	 * counts an error: the recovery time after a producer dies in the middle of a send.
	 * Must exceed any pause a live sender can suffer: a sender paused longer between
	 * claim and commit loses that message without being told.
	 */
	private Duration unblockTimeout = Duration.ofSeconds(5);

	public DataSize getCapacity() {
		return this.capacity;
	}

	public void setCapacity(DataSize capacity) {
		this.capacity = capacity;
	}

	public IdleStrategy getIdleStrategy() {
		return this.idleStrategy;
	}

	public void setIdleStrategy(IdleStrategy idleStrategy) {
		this.idleStrategy = idleStrategy;
	}

	public Duration getMaxPark() {
		return this.maxPark;
	}

	public void setMaxPark(Duration maxPark) {
		this.maxPark = maxPark;
	}

	public Duration getUnblockTimeout() {
		return this.unblockTimeout;
	}

	public void setUnblockTimeout(Duration unblockTimeout) {
		this.unblockTimeout = unblockTimeout;
	}

	/**
	 * The capacity in bytes as configured, for validation: {@code DataSize} stays in this
	 * class.
	 */
	long configuredCapacityBytes() {
		return this.capacity.toBytes();
	}

	/** The capacity in bytes (validated by the transport). */
	int capacityBytes() {
		return (int) Math.min(Integer.MAX_VALUE, this.capacity.toBytes());
	}

}
