package io.ipcstarter.transport.shm;

import java.nio.ByteBuffer;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Writes one record into a ring, waiting for room up to {@code send-timeout}
 * (back-pressure), never overwriting unread data. The clock is read only when the ring
 * has no room at once, so the common send costs no time call.
 */
final class RingProducer {

	private final RingBuffer ring;

	private final SharedMemoryOptions options;

	private final String where;

	RingProducer(RingBuffer ring, SharedMemoryOptions options, String where) {
		this.ring = ring;
		this.options = options;
		this.where = where;
	}

	RingBuffer ring() {
		return this.ring;
	}

	/**
	 * Writes a record whose body is the prefix words (0, 1 or 2), then the payload,
	 * waiting at most {@code timeout} from the moment the ring is first found without
	 * room (or without a consumer).
	 * @throws IpcException {@link ErrorReason#OVERSIZE} when the body can never fit,
	 * {@link ErrorReason#TIMEOUT} when the ring stayed full, or without a consumer, until
	 * the deadline
	 */
	void write(int type, int prefixWords, long prefix0, long prefix1, byte[] payload, Duration timeout)
			throws IpcException {
		write(type, prefixWords, prefix0, prefix1, payload, null, payload.length, timeout);
	}

	/**
	 * {@link #write(int, int, long, long, byte[], Duration)} with the bytes from a
	 * buffer's position to its limit.
	 */
	void write(int type, int prefixWords, long prefix0, long prefix1, ByteBuffer payload, Duration timeout)
			throws IpcException {
		write(type, prefixWords, prefix0, prefix1, null, payload, payload.remaining(), timeout);
	}

	/**
	 * The payload is {@code array}, or when that is null {@code view}: one waiting loop
	 * for both.
	 */
	private void write(int type, int prefixWords, long prefix0, long prefix1, byte @Nullable [] array,
			@Nullable ByteBuffer view, int length, Duration timeout) throws IpcException {
		int maxBody = RingLayout.maxBody(this.ring.capacity());
		if (length > maxBody) {
			throw new IpcException(ErrorReason.OVERSIZE, "A message of " + length + " bytes does not fit " + this.where
					+ ": at most " + maxBody + " bytes (half of shared-memory.capacity, minus headers)");
		}
		// a consumer that stopped cleanly cleared its slot: wait for the next one rather
		// than fill a ring nobody reads
		if (this.ring.consumerPid() != 0 && offer(type, prefixWords, prefix0, prefix1, array, view)) {
			return;
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		IdleStrategy.Idler idler = this.options.getIdleStrategy().newIdler(this.options.getMaxPark().toNanos());
		while (this.ring.consumerPid() == 0 || !offer(type, prefixWords, prefix0, prefix1, array, view)) {
			if (System.nanoTime() - deadline >= 0) {
				long consumer = this.ring.consumerPid();
				String why = (consumer == 0) ? "had no consumer attached (is its inbound endpoint started?)"
						: ConsumerSlot.isAlive(consumer)
								? "stayed full: its consumer (pid " + consumer + ") did not make room"
								: "stayed full: its consumer (pid " + consumer + ") died";
				throw new IpcException(ErrorReason.TIMEOUT, "The shared-memory ring " + this.where + " " + why
						+ " for send-timeout " + Durations.simple(timeout));
			}
			idler.idle();
		}
	}

	private boolean offer(int type, int prefixWords, long prefix0, long prefix1, byte @Nullable [] array,
			@Nullable ByteBuffer view) {
		return (array != null) ? this.ring.offer(type, prefixWords, prefix0, prefix1, array)
				: this.ring.offer(type, prefixWords, prefix0, prefix1, view);
	}

}
