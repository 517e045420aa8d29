package io.ipcstarter.transport.datagram;

import java.util.concurrent.atomic.AtomicReferenceArray;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;

/**
 * The native memory a {@code message-queue} client sends from, reused from message to
 * message: a deadline ({@code struct timespec}) and room for the message, which a send
 * copies in once. Sends may come from many threads at once (an executor, virtual
 * threads), so a client keeps a few buffers in slots that a send takes and puts back with
 * one atomic operation each. Not one per thread: a {@code ThreadLocal} would allocate for
 * every new virtual thread and keep memory in every pool thread that ever sent. Not one
 * behind a lock: a send holds its buffer while {@code mq_timedsend} waits for room, up to
 * {@code send-timeout}, and the others would wait behind it. While more sends run at once
 * than there are slots, the extra ones allocate and free their own buffer. Buffers grow
 * to the largest message sent (rounded up to a power of two), never beyond what the
 * client lets through.
 */
final class MessageQueueSendBuffers implements AutoCloseable {

	/** The smallest message room allocated, so small messages of varied sizes fit one. */
	private static final int MIN_CAPACITY = 512;

	private final AtomicReferenceArray<@Nullable Buffer> slots;

	private volatile boolean closed;

	MessageQueueSendBuffers(int slots) {
		this.slots = new AtomicReferenceArray<>(slots);
	}

	/** A buffer with room for {@code length} bytes: one from a slot when one is free. */
	Buffer take(int length) {
		for (int i = 0; i < this.slots.length(); i++) {
			Buffer buffer = this.slots.get(i);
			if (buffer != null && this.slots.compareAndSet(i, buffer, null)) {
				if (buffer.capacity >= length) {
					return buffer;
				}
				// outgrown: replaced by a larger one, which goes back into a slot
				buffer.memory.close();
				break;
			}
		}
		return new Buffer(Math.max(MIN_CAPACITY, (length <= 1) ? 1 : Integer.highestOneBit(length - 1) << 1));
	}

	/** Back into a free slot, or freed when there is none or the client has closed. */
	void put(Buffer buffer) {
		if (!this.closed) {
			for (int i = 0; i < this.slots.length(); i++) {
				if (this.slots.compareAndSet(i, null, buffer)) {
					// a close that emptied the slots meanwhile did not see this one
					if (this.closed && this.slots.compareAndSet(i, buffer, null)) {
						buffer.memory.close();
					}
					return;
				}
			}
		}
		buffer.memory.close();
	}

	/** Frees the buffers in the slots; those in use are freed when they are put back. */
	@Override
	public void close() {
		this.closed = true;
		for (int i = 0; i < this.slots.length(); i++) {
			Buffer buffer = this.slots.getAndSet(i, null);
			if (buffer != null) {
				buffer.memory.close();
			}
		}
	}

	/** One block of native memory: the deadline, then the message. */
	static final class Buffer {

		private final Memory memory;

		/** The {@code struct timespec} for {@code mq_timedsend}'s deadline. */
		final Pointer deadline;

		/** Where the message is copied to. */
		final Pointer message;

		/** Room at {@link #message}, in bytes. */
		final int capacity;

		private Buffer(int capacity) {
			this.memory = new Memory((long) PosixMessageQueues.TIMESPEC_SIZE + capacity);
			this.deadline = this.memory.share(0, PosixMessageQueues.TIMESPEC_SIZE);
			this.message = this.memory.share(PosixMessageQueues.TIMESPEC_SIZE, capacity);
			this.capacity = capacity;
		}

	}

}
