package io.ipcstarter.transport.shm;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static io.ipcstarter.transport.shm.RingLayout.HEADER_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_CAPACITY;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_CONSUMER_PID;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_CREATOR_PID;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_HANDLED;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_HEAD;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_HEADER_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_MAGIC;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_TAIL;
import static io.ipcstarter.transport.shm.RingLayout.OFFSET_VERSION;
import static io.ipcstarter.transport.shm.RingLayout.RECORD_HEADER_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_PADDING;

/**
 * One ring over a mapped region: header validation and the producer side (claim, write,
 * commit). Many producers, in any number of threads and processes, may write at once;
 * {@link RingConsumer} is the single reader.
 * <p>
 * Ordering: every shared word is accessed through {@link VarHandle}s on the mapped buffer
 * (acquire/release and compare-and-set), which is what the C memory-ordering rules in
 * {@code docs/wire-formats.md} correspond to.
 */
final class RingBuffer {

	static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

	static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

	private static final byte[] ZEROS = new byte[64 * 1024];

	/**
	 * Up to this many consumed bytes are zeroed with 8-byte stores rather than a bulk
	 * copy from {@link #ZEROS}, which measured slower for small records.
	 */
	private static final int WORD_ZERO_LIMIT = 512;

	private final ByteBuffer buffer;

	private final int capacity;

	private final int mask;

	/**
	 * Producer-local copy of the consumer's head, refreshed only when the ring looks
	 * full.
	 */
	private volatile long headCache;

	private RingBuffer(ByteBuffer buffer, int capacity) {
		this.buffer = buffer;
		this.capacity = capacity;
		this.mask = capacity - 1;
	}

	/**
	 * Writes a fresh header into a zeroed region; the magic goes last, so a reader never
	 * sees half a header.
	 */
	static void initialize(ByteBuffer region, int capacity) {
		if (!RingLayout.isValidCapacity(capacity) || region.capacity() < HEADER_LENGTH + capacity) {
			throw new IllegalArgumentException("Bad ring capacity " + capacity);
		}
		INT.set(region, OFFSET_VERSION, RingLayout.VERSION);
		INT.set(region, OFFSET_HEADER_LENGTH, HEADER_LENGTH);
		LONG.set(region, OFFSET_CAPACITY, (long) capacity);
		LONG.set(region, OFFSET_CREATOR_PID, ProcessHandle.current().pid());
		LONG.set(region, OFFSET_TAIL, 0L);
		LONG.set(region, OFFSET_HEAD, 0L);
		LONG.set(region, OFFSET_HANDLED, 0L);
		LONG.set(region, OFFSET_CONSUMER_PID, 0L);
		VarHandle.releaseFence();
		region.put(OFFSET_MAGIC, RingLayout.MAGIC, 0, RingLayout.MAGIC.length);
		VarHandle.fullFence();
	}

	/**
	 * A ring over a mapped region whose header was checked: magic, version, header length
	 * and capacity.
	 * @param expectedCapacity the configured capacity; a ring of another size is refused,
	 * never resized
	 * @throws IpcException ({@link ErrorReason#DECODE}) naming what is wrong
	 */
	static RingBuffer attach(ByteBuffer region, int expectedCapacity, String where) throws IpcException {
		if (region.capacity() < HEADER_LENGTH) {
			throw refused(where,
					"it is " + region.capacity() + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
		}
		VarHandle.acquireFence();
		for (int i = 0; i < RingLayout.MAGIC.length; i++) {
			if (region.get(OFFSET_MAGIC + i) != RingLayout.MAGIC[i]) {
				throw refused(where,
						"it does not start with the magic \"IPCRING\\0\" (not a ring, or not initialised)");
			}
		}
		int version = (int) INT.getAcquire(region, OFFSET_VERSION);
		if (version != RingLayout.VERSION) {
			throw refused(where,
					"it has layout version " + version + ", this starter speaks version " + RingLayout.VERSION);
		}
		int headerLength = (int) INT.get(region, OFFSET_HEADER_LENGTH);
		if (headerLength != HEADER_LENGTH) {
			throw refused(where, "its header length is " + headerLength + ", expected " + HEADER_LENGTH);
		}
		long capacity = (long) LONG.get(region, OFFSET_CAPACITY);
		if (capacity != expectedCapacity) {
			throw refused(where,
					"its capacity is " + capacity + " bytes but shared-memory.capacity is " + expectedCapacity
							+ " bytes; both sides must configure the same capacity (delete the stale ring "
							+ "to recreate it)");
		}
		if (region.capacity() < HEADER_LENGTH + capacity) {
			throw refused(where, "the mapping is " + region.capacity() + " bytes, shorter than header + capacity");
		}
		return new RingBuffer(region, (int) capacity);
	}

	private static IpcException refused(String where, String why) {
		return new IpcException(ErrorReason.DECODE, "Refusing the shared-memory ring " + where + ": " + why);
	}

	int capacity() {
		return this.capacity;
	}

	ByteBuffer buffer() {
		return this.buffer;
	}

	/**
	 * Claims, fills and commits one record; the body is the prefix words (0, 1 or 2 of
	 * them), then the payload.
	 * <p>
	 * The commit is a release store, not a compare-and-set: a locked instruction here
	 * waits for every body store to reach the cache first (each line taken back from the
	 * reader's core), and made the one-way rate drop to a third for seconds at a time
	 * (benchmarks, RESULTS.md). The price: a thread paused longer than the consumer's
	 * unblock-timeout between claim and commit is not told that its record was skipped
	 * (the consumer counts it), and its late writes land in space given away since, as
	 * its late body writes always could (wire-formats.md).
	 * @return {@code false} when the ring has no room right now (nothing was written)
	 */
	boolean offer(int type, int prefixWords, long prefix0, long prefix1, byte[] payload) {
		int at = begin(type, prefixWords, prefix0, prefix1, payload.length);
		if (at < 0) {
			return false;
		}
		this.buffer.put(at + RECORD_HEADER_LENGTH + prefixWords * 8, payload, 0, payload.length);
		INT.setRelease(this.buffer, at, recordLength(prefixWords, payload.length));
		return true;
	}

	/**
	 * {@link #offer(int, int, long, long, byte[])} with the payload from a buffer's
	 * position to its limit.
	 */
	boolean offer(int type, int prefixWords, long prefix0, long prefix1, ByteBuffer payload) {
		int length = payload.remaining();
		int at = begin(type, prefixWords, prefix0, prefix1, length);
		if (at < 0) {
			return false;
		}
		this.buffer.put(at + RECORD_HEADER_LENGTH + prefixWords * 8, payload, payload.position(), length);
		INT.setRelease(this.buffer, at, recordLength(prefixWords, length));
		return true;
	}

	private static int recordLength(int prefixWords, int payloadLength) {
		return RECORD_HEADER_LENGTH + prefixWords * 8 + payloadLength;
	}

	/**
	 * The part of {@link #offer} before the payload: claims a record, marks it claimed
	 * and writes its prefix words.
	 * @return the record's offset in the mapping, or -1 when the ring has no room right
	 * now
	 */
	private int begin(int type, int prefixWords, long prefix0, long prefix1, int payloadLength) {
		int recordLength = recordLength(prefixWords, payloadLength);
		int index = claim(RingLayout.align(recordLength));
		if (index < 0) {
			return -1;
		}
		int at = HEADER_LENGTH + index;
		// claim mark (negative length) and type in one little-endian 64-bit store; it
		// must be visible before any body byte, so a consumer unblocking after a crash
		// can tell "claimed" from "free" (all zero)
		LONG.setRelease(this.buffer, at, ((long) type << 32) | (-recordLength & 0xFFFFFFFFL));
		VarHandle.storeStoreFence();
		if (prefixWords > 0) {
			LONG.set(this.buffer, at + RECORD_HEADER_LENGTH, prefix0);
			if (prefixWords > 1) {
				LONG.set(this.buffer, at + RECORD_HEADER_LENGTH + 8, prefix1);
			}
		}
		return at;
	}

	/**
	 * The first half of {@link #offer}: claims a record and marks it claimed, then
	 * returns without committing, as a producer killed at that point would. Tests use it
	 * to prove a dead producer does not wedge the ring.
	 */
	int claimForTest(int recordLength) {
		int index = claim(RingLayout.align(recordLength));
		if (index >= 0) {
			INT.setRelease(this.buffer, HEADER_LENGTH + index, -recordLength);
		}
		return index;
	}

	/**
	 * The second half of {@link #offer} for a record {@link #claimForTest claimed}
	 * earlier: commits it, as a producer that was paused between claim and commit would
	 * on waking. Tests use it to show what such a late commit does.
	 */
	void commitForTest(int index, int recordLength) {
		INT.setRelease(this.buffer, HEADER_LENGTH + index, recordLength);
	}

	/**
	 * Reserves {@code aligned} contiguous bytes; returns their data index, or -1 when
	 * there is no room.
	 */
	private int claim(int aligned) {
		ByteBuffer b = this.buffer;
		long head = this.headCache;
		long tail;
		int padding;
		int tailIndex;
		do {
			tail = (long) LONG.getVolatile(b, OFFSET_TAIL);
			if (aligned > this.capacity - (tail - head)) {
				head = (long) LONG.getAcquire(b, OFFSET_HEAD);
				if (aligned > this.capacity - (tail - head)) {
					return -1;
				}
				this.headCache = head;
			}
			padding = 0;
			tailIndex = (int) tail & this.mask;
			int toEnd = this.capacity - tailIndex;
			if (aligned > toEnd) {
				// the record does not fit before the end: pad to the end and start again
				// at index 0
				int headIndex = (int) head & this.mask;
				if (aligned > headIndex) {
					head = (long) LONG.getAcquire(b, OFFSET_HEAD);
					headIndex = (int) head & this.mask;
					if (aligned > headIndex || aligned + toEnd > this.capacity - (tail - head)) {
						return -1;
					}
					this.headCache = head;
				}
				padding = toEnd;
			}
		}
		while (!LONG.compareAndSet(b, OFFSET_TAIL, tail, tail + aligned + padding));
		if (padding != 0) {
			int at = HEADER_LENGTH + tailIndex;
			INT.set(b, at + 4, TYPE_PADDING);
			INT.setRelease(b, at, padding);
			return 0;
		}
		return tailIndex;
	}

	// --- consumer-side access, used by RingConsumer only ---

	long head() {
		return (long) LONG.getAcquire(this.buffer, OFFSET_HEAD);
	}

	long tail() {
		return (long) LONG.getVolatile(this.buffer, OFFSET_TAIL);
	}

	int mask() {
		return this.mask;
	}

	/** The length word of the record at a data index, read with acquire semantics. */
	int lengthAt(int index) {
		return (int) INT.getAcquire(this.buffer, HEADER_LENGTH + index);
	}

	boolean casLength(int index, int expected, int value) {
		return INT.compareAndSet(this.buffer, HEADER_LENGTH + index, expected, value);
	}

	int typeAt(int index) {
		return (int) INT.get(this.buffer, HEADER_LENGTH + index + 4);
	}

	long longAt(int index) {
		return (long) LONG.get(this.buffer, HEADER_LENGTH + index);
	}

	/**
	 * Copies {@code length} bytes at a data index into a new array: the one copy a reply
	 * costs its caller.
	 */
	byte[] copy(int index, int length) {
		byte[] bytes = new byte[length];
		this.buffer.get(HEADER_LENGTH + index, bytes, 0, length);
		return bytes;
	}

	/** How far the consumer has handled records (acquire). */
	long handledPosition() {
		return (long) LONG.getAcquire(this.buffer, OFFSET_HANDLED);
	}

	/**
	 * Records that the consumer has handled everything before {@code position} (release:
	 * after the handling).
	 */
	void handled(long position) {
		LONG.setRelease(this.buffer, OFFSET_HANDLED, position);
	}

	/**
	 * Frees what the consumer handled, from the head up to {@code handled} (at most the
	 * capacity): zeroes it, so that producers find free space all zero (what crash
	 * recovery relies on), then moves the head there. A consumer killed while zeroing
	 * leaves the handled word above the head, and {@link #finishFreeing} in its successor
	 * completes the job: never a half-zeroed record whose leftover bytes would be taken
	 * for lengths.
	 */
	void free(long head, long handled) {
		int index = (int) head & this.mask;
		int length = (int) (handled - head);
		int toEnd = Math.min(length, this.capacity - index);
		zero(HEADER_LENGTH + index, toEnd);
		if (length > toEnd) {
			zero(HEADER_LENGTH, length - toEnd); // the span wrapped
		}
		LONG.setRelease(this.buffer, OFFSET_HEAD, handled);
	}

	/**
	 * What a new consumer does first: when its predecessor was killed after handling
	 * records it had not freed yet (the handled word is above the head, by at most the
	 * capacity), free them.
	 * @return the head to start from
	 */
	long finishFreeing() {
		long head = head();
		long handled = (long) LONG.getVolatile(this.buffer, OFFSET_HANDLED);
		if (handled > head && handled - head <= this.capacity) {
			free(head, handled);
			return handled;
		}
		return head;
	}

	private void zero(int at, int length) {
		if (length <= WORD_ZERO_LIMIT) {
			// records are 8-aligned: no tail
			for (int i = at; i + 8 <= at + length; i += 8) {
				LONG.set(this.buffer, i, 0L);
			}
			return;
		}
		while (length > 0) {
			int n = Math.min(length, ZEROS.length);
			this.buffer.put(at, ZEROS, 0, n);
			at += n;
			length -= n;
		}
	}

	/** The consumer slot: the pid of the attached consumer, or 0. */
	long consumerPid() {
		return (long) LONG.getVolatile(this.buffer, OFFSET_CONSUMER_PID);
	}

	boolean casConsumerPid(long expected, long pid) {
		return LONG.compareAndSet(this.buffer, OFFSET_CONSUMER_PID, expected, pid);
	}

}
