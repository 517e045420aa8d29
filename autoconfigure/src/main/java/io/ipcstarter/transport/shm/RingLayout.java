package io.ipcstarter.transport.shm;

import java.nio.charset.StandardCharsets;

/**
 * The byte layout of a ring, as documented in {@code docs/wire-formats.md} ("Shared
 * memory"). Every number is little-endian. Change nothing here without changing the
 * document and {@link #VERSION}.
 */
final class RingLayout {

	/** Bytes 0..7 of the region: ASCII {@code IPCRING} and a NUL. */
	static final byte[] MAGIC = "IPCRING\0".getBytes(StandardCharsets.US_ASCII);

	/**
	 * 2: {@link #OFFSET_HANDLED} moved from 264 (the head's line) to 64, a line of its
	 * own.
	 */
	static final int VERSION = 2;

	static final int OFFSET_MAGIC = 0;

	static final int OFFSET_VERSION = 8;

	static final int OFFSET_HEADER_LENGTH = 12;

	static final int OFFSET_CAPACITY = 16;

	static final int OFFSET_CREATOR_PID = 24;

	/**
	 * How far the consumer has handled records. The head follows once those bytes are
	 * zeroed; a consumer killed in between leaves it above the head, and the next one
	 * finishes the job. The consumer stores it after every record, so it sits alone on
	 * the header's second cache line, which nothing else touches once a ring is attached:
	 * next to the head (version 1) every store took that line back from producers polling
	 * the head of a full ring, one cross-core transfer per record while the consumer was
	 * the bound (benchmarks, RESULTS.md).
	 */
	static final int OFFSET_HANDLED = 64;

	/**
	 * Producers' claim position: its own 128-byte block (two cache lines, against
	 * adjacent-line prefetch).
	 */
	static final int OFFSET_TAIL = 128;

	/** Consumer's read position: its own 128-byte block. */
	static final int OFFSET_HEAD = 256;

	/** Process id of the attached consumer, 0 when none: its own 128-byte block. */
	static final int OFFSET_CONSUMER_PID = 384;

	/** Length of the header; the data region starts here. */
	static final int HEADER_LENGTH = 512;

	/** Records start at multiples of this, relative to the data region. */
	static final int ALIGNMENT = 8;

	/**
	 * Record header: int32 length (header included; negative while claimed), int32 type.
	 */
	static final int RECORD_HEADER_LENGTH = 8;

	/**
	 * Request body prefix: u64 reply ring id, u64 correlation id. Reply body prefix: u64
	 * correlation id.
	 */
	static final int REQUEST_PREFIX_LENGTH = 16;

	static final int REPLY_PREFIX_LENGTH = 8;

	static final int TYPE_MESSAGE = 1;

	static final int TYPE_PADDING = 2;

	static final int TYPE_REQUEST = 3;

	static final int TYPE_REPLY = 4;

	/**
	 * A reply saying the request failed; the body after the correlation id is a UTF-8
	 * reason.
	 */
	static final int TYPE_REPLY_ERROR = 5;

	static final int MIN_CAPACITY = 1024;

	/**
	 * Largest data region: positions inside it are Java ints, and one mapping must stay
	 * below 2 GiB.
	 */
	static final int MAX_CAPACITY = 1 << 30;

	private RingLayout() {
	}

	static int align(int length) {
		return (length + ALIGNMENT - 1) & -ALIGNMENT;
	}

	/**
	 * Largest record body that fits a ring of this capacity: half of it, so a wrap never
	 * needs the whole ring.
	 */
	static int maxBody(int capacity) {
		return capacity / 2 - RECORD_HEADER_LENGTH - REQUEST_PREFIX_LENGTH;
	}

	static boolean isValidCapacity(long capacity) {
		return capacity >= MIN_CAPACITY && capacity <= MAX_CAPACITY && Long.bitCount(capacity) == 1;
	}

}
