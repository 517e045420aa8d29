package io.ipcstarter.transport.stream;

/**
 * A client connection with its codec and the deadline of the call using it (0 when idle).
 */
final class PooledConnection {

	private final StreamConnection connection;

	private final FrameCodec codec;

	private volatile long deadline;

	private volatile boolean timedOut;

	private volatile boolean pooled;

	PooledConnection(StreamConnection connection, FrameCodec codec) {
		this.connection = connection;
		this.codec = codec;
	}

	StreamConnection connection() {
		return this.connection;
	}

	FrameCodec codec() {
		return this.codec;
	}

	void deadline(long nanoTime) {
		this.deadline = (nanoTime == 0) ? 1 : nanoTime;
	}

	void clearDeadline() {
		this.deadline = 0;
	}

	/** Mark that the connection went back to the pool. */
	void markIdle() {
		this.pooled = true;
	}

	/**
	 * Whether it has been back in the pool at least once (rather than opened for the
	 * current call).
	 */
	boolean wasPooled() {
		return this.pooled;
	}

	/**
	 * Mark the call timed out if it has overrun; called by the watchdog, which then
	 * closes the connection.
	 * @return whether it timed out just now (once per connection)
	 */
	boolean expireIfOverdue(long now) {
		long d = this.deadline;
		if (d != 0 && now - d > 0 && !this.timedOut) {
			this.timedOut = true;
			return true;
		}
		return false;
	}

	/** Whether the watchdog closed this connection because its call overran. */
	boolean timedOut() {
		return this.timedOut;
	}

}
