package io.ipcstarter.bench.scenario;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.IoUtil;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The raw shared-memory baseline: the simplest single-producer single-consumer ring in a
 * mapped file, with no framing beyond a length, no crash handling, no many-producer
 * claim. It is the floor a real ring transport is measured against. Layout: producer
 * position at byte 0, consumer position at byte 128 (separate cache lines), data from
 * byte 256; records are a 4-byte length, 4 spare bytes, the payload, padded to 8 bytes; a
 * record that does not fit before the end is preceded by a padding record (length -1)
 * filling the rest. Positions only grow; the producer publishes with an ordered store
 * after writing the record, the consumer frees space the same way.
 */
final class MappedRing implements AutoCloseable {

	private static final int TAIL = 0;

	private static final int HEAD = 128;

	private static final int DATA = 256;

	private static final int RECORD_HEADER = 8;

	private static final int PADDING = -1;

	private final MappedByteBuffer mapping;

	private final UnsafeBuffer buffer;

	private final int capacity;

	private final int mask;

	private long position;

	private long otherCache;

	private MappedRing(MappedByteBuffer mapping, int capacity) {
		this.mapping = mapping;
		this.buffer = new UnsafeBuffer(mapping);
		this.capacity = capacity;
		this.mask = capacity - 1;
	}

	/**
	 * Create (or truncate) the ring file, owner-only, with a power-of-two data capacity.
	 */
	static MappedRing create(Path file, int capacity) throws IOException {
		if (Integer.bitCount(capacity) != 1) {
			throw new IllegalArgumentException("capacity must be a power of two: " + capacity);
		}
		Files.deleteIfExists(file);
		Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
		return map(file, capacity);
	}

	/** Open a ring another process created. */
	static MappedRing open(Path file) throws IOException {
		return map(file, (int) (Files.size(file) - DATA));
	}

	private static MappedRing map(Path file, int capacity) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
			return new MappedRing(channel.map(FileChannel.MapMode.READ_WRITE, 0, DATA + capacity), capacity);
		}
	}

	/** Largest payload one record can carry. */
	int maxPayload() {
		return this.capacity / 2 - RECORD_HEADER;
	}

	/** Producer: append a record from a buffer, or return false when the ring is full. */
	boolean offer(DirectBuffer source, int offset, int length) {
		int record = BitUtil.align(RECORD_HEADER + length, 8);
		long tail = this.position;
		int index = (int) (tail & this.mask);
		int toEnd = this.capacity - index;
		int padding = (record > toEnd) ? toEnd : 0;
		long needed = tail + padding + record;
		if (needed - this.otherCache > this.capacity) {
			this.otherCache = this.buffer.getLongVolatile(HEAD);
			if (needed - this.otherCache > this.capacity) {
				return false;
			}
		}
		if (padding > 0) {
			this.buffer.putInt(DATA + index, PADDING);
			index = 0;
		}
		this.buffer.putInt(DATA + index, length);
		this.buffer.putBytes(DATA + index + RECORD_HEADER, source, offset, length);
		this.position = needed;
		this.buffer.putLongOrdered(TAIL, needed);
		return true;
	}

	/** Consumer: hand up to {@code limit} records to the handler; returns how many. */
	int poll(Handler handler, int limit) {
		long head = this.position;
		if (head >= this.otherCache) {
			this.otherCache = this.buffer.getLongVolatile(TAIL);
		}
		int count = 0;
		while (head < this.otherCache && count < limit) {
			int index = (int) (head & this.mask);
			int length = this.buffer.getInt(DATA + index);
			if (length == PADDING) {
				head += this.capacity - index;
				continue;
			}
			handler.onRecord(this.buffer, DATA + index + RECORD_HEADER, length);
			head += BitUtil.align(RECORD_HEADER + length, 8);
			count++;
			// free the space record by record: with 1 MiB records the producer should not
			// wait for a whole batch
			this.buffer.putLongOrdered(HEAD, head);
		}
		this.position = head;
		return count;
	}

	@Override
	public void close() {
		IoUtil.unmap(this.mapping);
	}

	/** Receives records; the bytes are valid only during the call. */
	@FunctionalInterface
	interface Handler {

		void onRecord(DirectBuffer buffer, int offset, int length);

	}

}
