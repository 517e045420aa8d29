package io.ipcstarter.transport.shm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.transport.ErrorReason;

import static io.ipcstarter.transport.shm.RingLayout.HEADER_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_MESSAGE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The record-header checks of {@link RingConsumer} on a ring in process memory, with
 * records written byte by byte as a faulty producer would write them (the same cases
 * across processes, from a C producer, are in {@code SharedMemoryInteropTests}).
 */
class RingConsumerTests {

	private static final int CAPACITY = 1024;

	private static final long NO_UNBLOCK = TimeUnit.HOURS.toNanos(1);

	private final ByteBuffer region = ByteBuffer.allocateDirect(HEADER_LENGTH + CAPACITY);

	private final Recording handler = new Recording();

	private RingBuffer ring;

	@BeforeEach
	void createRing() throws Exception {
		RingBuffer.initialize(this.region, CAPACITY);
		this.ring = RingBuffer.attach(this.region, CAPACITY, "test ring");
	}

	@Test
	void recordEndingPastTheTailIsDroppedUpToTheTailAndLaterRecordsArrive() {
		int index = this.ring.claimForTest(16);
		writeRecordBody(index, "bad-len!");
		this.ring.commitForTest(index, 512); // claimed 16 bytes, says 512
		RingConsumer consumer = new RingConsumer(this.ring, CAPACITY, NO_UNBLOCK, "test ring");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.messages).isEmpty();
		assertThat(this.handler.errors).containsExactly(
				"DECODE Dropped 16 bytes at position 0 in test ring: the record there is malformed (it ends at 512, past the tail 16)");
		assertThat(consumer.position()).isEqualTo(16);
		offer("good");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.messages).containsExactly("good");
	}

	@Test
	void recordEndingPastTheTailLosesWhatWasClaimedBehindItButNoMore() {
		int index = this.ring.claimForTest(16);
		writeRecordBody(index, "bad-len!");
		this.ring.commitForTest(index, 512);
		offer("behind-1");
		offer("behind-2");
		RingConsumer consumer = new RingConsumer(this.ring, CAPACITY, NO_UNBLOCK, "test ring");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.messages).isEmpty();
		assertThat(this.handler.errors).singleElement().asString().startsWith("DECODE Dropped 48 bytes at position 0");
		offer("after");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.messages).containsExactly("after");
		assertThat(this.handler.errors).hasSize(1);
	}

	@Test
	void lengthWrittenWhereNothingWasClaimedIsClearedAndTheReaderStaysAtTheTail() {
		RingBuffer.INT.set(this.region, HEADER_LENGTH + 4, TYPE_MESSAGE);
		// body all zero, tail still 0
		RingBuffer.INT.setRelease(this.region, HEADER_LENGTH, 16);
		RingConsumer consumer = new RingConsumer(this.ring, CAPACITY, NO_UNBLOCK, "test ring");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.errors).singleElement()
			.asString()
			.startsWith("DECODE Cleared a record at position 0 in test ring that no producer claimed");
		assertThat(consumer.position()).isZero();
		assertThat(this.ring.lengthAt(0)).isZero();
		offer("good");
		consumer.poll(this.handler, 10);
		assertThat(this.handler.messages).containsExactly("good");
	}

	@Test
	void recordsWhoseLastWordIsZeroArrive() {
		// a zero last word proves nothing, so these are checked against the tail itself
		RingConsumer consumer = new RingConsumer(this.ring, CAPACITY, NO_UNBLOCK, "test ring");
		for (int size : new int[] { 0, 1, 8, 13, 0, 100 }) {
			assertThat(this.ring.offer(TYPE_MESSAGE, 0, 0, 0, new byte[size])).isTrue();
		}
		consumer.poll(this.handler, 10);
		for (int size : new int[] { 3, 16 }) {
			assertThat(this.ring.offer(TYPE_MESSAGE, 0, 0, 0, new byte[size])).isTrue();
			consumer.poll(this.handler, 10);
		}
		assertThat(this.handler.errors).isEmpty();
		assertThat(this.handler.messages).extracting(String::length).containsExactly(0, 1, 8, 13, 0, 100, 3, 16);
	}

	private void writeRecordBody(int index, String body) {
		RingBuffer.INT.set(this.region, HEADER_LENGTH + index + 4, TYPE_MESSAGE);
		this.region.put(HEADER_LENGTH + index + 8, body.getBytes(StandardCharsets.US_ASCII));
	}

	private void offer(String text) {
		assertThat(this.ring.offer(TYPE_MESSAGE, 0, 0, 0, text.getBytes(StandardCharsets.US_ASCII))).isTrue();
	}

	private static final class Recording implements RingConsumer.Handler {

		final List<String> messages = new ArrayList<>();

		final List<String> errors = new ArrayList<>();

		@Override
		public void onRecord(RingBuffer ring, int type, int bodyIndex, int bodyLength) {
			this.messages.add(new String(ring.copy(bodyIndex, bodyLength), StandardCharsets.ISO_8859_1));
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause) {
			this.errors.add(reason + " " + cause.getMessage());
		}

	}

}
