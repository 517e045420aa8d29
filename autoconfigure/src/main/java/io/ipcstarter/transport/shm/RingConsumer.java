package io.ipcstarter.transport.shm;

import java.io.IOException;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static io.ipcstarter.transport.shm.RingLayout.ALIGNMENT;
import static io.ipcstarter.transport.shm.RingLayout.RECORD_HEADER_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.REPLY_PREFIX_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.REQUEST_PREFIX_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_MESSAGE;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_PADDING;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REPLY;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REPLY_ERROR;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REQUEST;

/**
 * The single reader of a ring. It checks every length it reads against the mapping, the
 * tail and {@code max-message-size} before touching the bytes, hands each record to a
 * {@link Handler}, then records it as handled (so a consumer killed while handling a
 * record sees that one record again when it restarts: at-least-once, at most one repeat).
 * Handled records are zeroed and the head moved past them in batches (at the start of the
 * next poll, or every {@link #FREE_BATCH_BYTES}), up to the last {@link #CACHE_LINE
 * cache-line} boundary before the read position (all the way once the ring has been quiet
 * for a while): the reader never writes into a line a producer may be filling, and the
 * head's cache line moves once per batch instead of once per record.
 * <p>
 * A record claimed but not committed for longer than {@code unblock-timeout} (its
 * producer died, or hangs) is skipped and reported, so a dead producer never wedges the
 * ring. Not thread-safe: one consumer thread.
 */
final class RingConsumer {

	/** Receives the records of one poll. */
	interface Handler {

		/**
		 * One committed record; read it through {@code ring} before returning (the bytes
		 * are reused afterwards).
		 * @param bodyIndex data index of the body (after the record header)
		 * @param bodyLength body bytes, already checked against the mapping and the size
		 * limit
		 */
		void onRecord(RingBuffer ring, int type, int bodyIndex, int bodyLength) throws Exception;

		/**
		 * A well-formed record whose payload exceeds {@code max-message-size}: it is
		 * skipped. The default reports it; a gateway also answers it, so its caller fails
		 * at once. Only the body's fixed prefix may be read.
		 */
		default void onOversize(RingBuffer ring, int type, int bodyIndex, IpcException error) {
			onError(ErrorReason.OVERSIZE, error);
		}

		/**
		 * A record that could not be delivered (skipped, oversize, malformed, or its
		 * handling failed).
		 */
		void onError(ErrorReason reason, Throwable cause);

	}

	private final RingBuffer ring;

	private final int maxMessageSize;

	private final long unblockNanos;

	private final String where;

	/**
	 * Empty looks between two checks for a stalled producer (a power of two). Small
	 * enough that a reader parking between looks still notices a stall within a fraction
	 * of unblock-timeout.
	 */
	static final int STALL_CHECK_INTERVAL = 64;

	/**
	 * Handled bytes after which a poll frees them even before it ends: small enough that
	 * a producer waiting for room behind large records gets it soon, large enough that
	 * small records are freed a few hundred at a time.
	 */
	static final int FREE_BATCH_BYTES = 16 * 1024;

	/**
	 * Freeing stops at a boundary of this many bytes (a cache line) before the read
	 * position: the rest of that line may hold the record a producer is writing right
	 * now, and zeroing the handled bytes in front of it would take the line away from
	 * that producer mid-write (and the producer take it back), once per poll. The line is
	 * freed with the next batch, once the reader has moved past it.
	 */
	static final int CACHE_LINE = 64;

	/** Position of the next record to read: everything before it is handled. */
	private long head;

	/** The ring's head: everything before it is zeroed and free for producers. */
	private long freed;

	/**
	 * The tail as last read. A record must end at or before the tail (no correct producer
	 * commits a length longer than it claimed), and the tail only grows, so a record
	 * ending at or before this value needs no other proof.
	 */
	private long tailSeen;

	/**
	 * Empty looks after which the consumer frees the cache line it reads in too (with
	 * {@code backoff} about a second of quiet): far more than the pause between a request
	 * and the next one lasts (tens of looks), so a producer writing again at once never
	 * finds that line taken from it.
	 */
	static final int QUIET_LOOKS = 16 * STALL_CHECK_INTERVAL;

	/** Consecutive polls that found nothing committed at the head. */
	private int emptyLooks;

	private long stallSince;

	private long stallHead = -1;

	private long stallTail;

	RingConsumer(RingBuffer ring, int maxMessageSize, long unblockNanos, String where) {
		this.ring = ring;
		this.maxMessageSize = maxMessageSize;
		this.unblockNanos = unblockNanos;
		this.where = where;
		this.head = ring.finishFreeing();
		this.freed = this.head;
		this.tailSeen = this.head;
	}

	/**
	 * Frees what the previous polls handled, then reads up to {@code limit} records;
	 * returns how many records (of any kind) were consumed. Freeing first keeps the
	 * zeroing out of the time between a record's arrival and the return of the poll that
	 * handled it: a gateway caller reading its own reply gets it without first zeroing
	 * the reply's lines, which the replying process wrote and still holds (the zeroing
	 * takes them over, a cross-core miss per line).
	 */
	int poll(Handler handler, int limit) {
		free();
		return read(handler, limit);
	}

	private int read(Handler handler, int limit) {
		RingBuffer ring = this.ring;
		int count = 0;
		while (count < limit) {
			int index = (int) this.head & ring.mask();
			int length = ring.lengthAt(index);
			if (length <= 0) {
				// nothing committed here yet. Reading the tail (the producers' hottest
				// word) or the clock on every
				// empty look would pull that cache line away from the producers each time
				// the reader catches up;
				// a stalled producer is only looked for on every STALL_CHECK_INTERVAL-th
				// empty look
				if ((++this.emptyLooks & (STALL_CHECK_INTERVAL - 1)) != 0) {
					return count;
				}
				if (this.emptyLooks == QUIET_LOOKS) {
					// quiet for a while: no producer is filling the line in hand, so free
					// it too; a ring at rest then has its head where its consumer is, as
					// a successor or a reader of the header would expect
					freeTo(this.head);
				}
				if (length == 0 && this.head == ring.tail()) {
					this.stallHead = -1;
					return count;
				}
				if (!unblockIfStalled(handler, index, length)) {
					return count;
				}
				count++;
				continue;
			}
			this.stallHead = -1;
			this.emptyLooks = 0;
			int room = ring.capacity() - index;
			if (length < RECORD_HEADER_LENGTH || length > room) {
				malformed(handler, index, length, ring.tail(), "its length " + length + " is outside 8.." + room);
				count++;
				continue;
			}
			int aligned = RingLayout.align(length);
			long end = this.head + aligned;
			// the record must end at or before the tail. Reading the tail, the producers'
			// hottest word, for each record would take its line from them once per
			// message whenever the reader keeps up; a record's last word that is not zero
			// proves it as well (free space is all zero, and producers write only inside
			// their claims), on a line the reader takes anyway. The tail is read only
			// when both cheap proofs fail
			if (end > this.tailSeen && ring.longAt(index + aligned - ALIGNMENT) == 0
					&& end > (this.tailSeen = ring.tail())) {
				malformed(handler, index, length, this.tailSeen,
						"it ends at " + end + ", past the tail " + this.tailSeen);
				count++;
				continue;
			}
			int type = ring.typeAt(index);
			if (type != TYPE_PADDING) {
				deliver(handler, index, type, length);
			}
			advance(aligned);
			count++;
		}
		return count;
	}

	private void deliver(Handler handler, int index, int type, int length) {
		int body = length - RECORD_HEADER_LENGTH;
		int prefix = switch (type) {
			case TYPE_MESSAGE -> 0;
			case TYPE_REQUEST -> REQUEST_PREFIX_LENGTH;
			case TYPE_REPLY, TYPE_REPLY_ERROR -> REPLY_PREFIX_LENGTH;
			default -> -1;
		};
		if (prefix < 0 || body < prefix) {
			handler.onError(ErrorReason.DECODE,
					new IpcException(ErrorReason.DECODE,
							"Skipped a record of " + length + " bytes at position " + this.head + " in " + this.where
									+ ": " + (prefix < 0 ? "unknown type " + type : "too short for type " + type)));
			return;
		}
		if (body - prefix > this.maxMessageSize) {
			handler.onOversize(this.ring, type, index + RECORD_HEADER_LENGTH,
					new IpcException(ErrorReason.OVERSIZE, "Skipped a message of " + (body - prefix) + " bytes in "
							+ this.where + ": larger than max-message-size " + this.maxMessageSize));
			return;
		}
		try {
			handler.onRecord(this.ring, type, index + RECORD_HEADER_LENGTH, body);
		}
		catch (Exception ex) {
			handler.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex);
		}
	}

	/**
	 * Past a record (handled, padding or skipped): record it as handled; free a batch
	 * once it is large.
	 */
	private void advance(int aligned) {
		this.head += aligned;
		this.ring.handled(this.head);
		if (this.head - this.freed >= FREE_BATCH_BYTES) {
			free();
		}
	}

	/**
	 * Frees what was handled, up to the last cache-line boundary before the read
	 * position.
	 */
	private void free() {
		freeTo(this.head & -CACHE_LINE);
	}

	private void freeTo(long to) {
		if (to > this.freed) {
			this.ring.free(this.freed, to);
			this.freed = to;
		}
	}

	/**
	 * A producer has claimed the record at the head but not committed it. Returns
	 * {@code true} when the record was skipped, because it stayed that way longer than
	 * {@code unblock-timeout}.
	 */
	private boolean unblockIfStalled(Handler handler, int index, int length) {
		long now = System.nanoTime();
		if (this.stallHead != this.head) {
			// remember the tail now: everything claimed before it has had the whole
			// timeout to be written
			this.stallHead = this.head;
			this.stallSince = now;
			this.stallTail = this.ring.tail();
			return false;
		}
		if (now - this.stallSince < this.unblockNanos) {
			return false;
		}
		int skip;
		if (length < 0) {
			int aligned = RingLayout.align(-length);
			long tail = this.ring.tail();
			if (-length < RECORD_HEADER_LENGTH || aligned > this.ring.capacity() - index
					|| this.head + aligned > tail) {
				malformed(handler, index, length, tail, "its claimed length " + (-length) + " is out of bounds");
				return true;
			}
			// a compare-and-set, so a commit that lands at this very moment is delivered
			// rather than skipped
			if (!this.ring.casLength(index, length, 0)) {
				return true; // committed at the last moment: the next poll delivers it
			}
			skip = aligned;
		}
		else {
			// the producer died between moving the tail and writing the length: its bytes
			// are all still zero, so the next non-zero aligned word (the next record's
			// length) or the stall-time tail ends them
			long claimed = this.stallTail - this.head;
			int limit = (int) Math.min(this.ring.capacity() - index, Math.max(claimed, ALIGNMENT));
			skip = ALIGNMENT;
			while (skip < limit && this.ring.lengthAt(index + skip) == 0) {
				skip += ALIGNMENT;
			}
		}
		handler.onError(ErrorReason.DECODE,
				new IpcException(ErrorReason.DECODE, "Skipped " + skip + " bytes at position " + this.head + " in "
						+ this.where
						+ ": a producer claimed them but did not commit within unblock-timeout (it died or hangs)"));
		advance(skip);
		this.stallHead = -1;
		return true;
	}

	/**
	 * A length no correct producer writes (shorter than a header, past the end of the
	 * region or past the tail): no record boundary after it can be trusted, so everything
	 * up to the tail read for the check is dropped and reported, as one error naming the
	 * bytes. The end of the region bounds the drop, because a claim that crossed it
	 * padded up to it: reading resumes at index 0, a record boundary. Only a buggy or
	 * hostile peer causes this.
	 * <p>
	 * The read position never passes the tail: producers write there next, and a reader
	 * beyond it would wait for records at the wrong place, then skip them as stalled. A
	 * length word at the tail itself (written where nothing was claimed) is cleared
	 * instead, with a compare-and-set so that a producer's claim mark landing at the same
	 * moment is kept.
	 */
	private void malformed(Handler handler, int index, int length, long tail, String why) {
		this.tailSeen = tail;
		long span = tail - this.head;
		if (span <= 0) {
			this.ring.casLength(index, length, 0);
			handler.onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE, "Cleared a record at position "
					+ this.head + " in " + this.where + " that no producer claimed (" + why + ")"));
			this.stallHead = -1;
			return;
		}
		int skip = RingLayout.align((int) Math.min(this.ring.capacity() - index, span));
		handler.onError(ErrorReason.DECODE,
				new IpcException(ErrorReason.DECODE, "Dropped " + skip + " bytes at position " + this.head + " in "
						+ this.where + ": the record there is malformed (" + why + ")"));
		advance(skip);
		this.stallHead = -1;
	}

	/** Position of the next record to read. */
	long position() {
		return this.head;
	}

}
