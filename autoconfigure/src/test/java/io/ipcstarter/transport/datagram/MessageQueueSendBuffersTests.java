package io.ipcstarter.transport.datagram;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The send buffers of a {@code message-queue} client: a send after another reuses the
 * same native memory, sends at once each get their own, and a buffer grows to the largest
 * message.
 */
class MessageQueueSendBuffersTests {

	@Test
	void aSendAfterAnotherReusesTheSameBuffer() {
		try (MessageQueueSendBuffers buffers = new MessageQueueSendBuffers(2)) {
			MessageQueueSendBuffers.Buffer first = buffers.take(64);
			buffers.put(first);
			for (int i = 0; i < 1000; i++) {
				MessageQueueSendBuffers.Buffer again = buffers.take(64 + (i % 400));
				assertThat(again).isSameAs(first);
				buffers.put(again);
			}
		}
	}

	@Test
	void sendsAtOnceEachGetTheirOwnBufferAndTheSlotsKeepAsManyAsTheyHold() {
		try (MessageQueueSendBuffers buffers = new MessageQueueSendBuffers(2)) {
			List<MessageQueueSendBuffers.Buffer> held = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				held.add(buffers.take(64));
			}
			assertThat(held).doesNotHaveDuplicates();
			held.forEach(buffers::put);
			// the third had no free slot and was freed
			assertThat(List.of(buffers.take(64), buffers.take(64))).containsExactlyInAnyOrder(held.get(0), held.get(1));
			assertThat(buffers.take(64)).isNotIn(held);
		}
	}

	@Test
	void aBufferGrowsToTheLargestMessageRoundedUpToAPowerOfTwo() {
		try (MessageQueueSendBuffers buffers = new MessageQueueSendBuffers(1)) {
			MessageQueueSendBuffers.Buffer small = buffers.take(0);
			assertThat(small.capacity).isEqualTo(512);
			buffers.put(small);
			MessageQueueSendBuffers.Buffer large = buffers.take(5000);
			assertThat(large).isNotSameAs(small);
			assertThat(large.capacity).isEqualTo(8192);
			buffers.put(large);
			assertThat(buffers.take(100)).as("kept, not shrunk").isSameAs(large);
		}
	}

	@Test
	void aBufferPutBackAfterCloseIsNotKept() {
		MessageQueueSendBuffers buffers = new MessageQueueSendBuffers(2);
		MessageQueueSendBuffers.Buffer inFlight = buffers.take(64);
		buffers.close();
		buffers.put(inFlight);
		assertThat(buffers.take(64)).isNotSameAs(inFlight);
	}

}
