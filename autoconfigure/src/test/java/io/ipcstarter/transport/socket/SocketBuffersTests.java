package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link SocketBuffers}: buffers given back are taken again, at most the bound are ever
 * direct, and a released {@link ChannelInput} / {@link ChannelOutput} refuses to touch
 * the buffer it gave back.
 */
class SocketBuffersTests {

	@Test
	void aBufferGivenBackShouldServeTheNextTaker() {
		SocketBuffers buffers = new SocketBuffers(2);
		ByteBuffer first = buffers.take();
		first.put((byte) 1);
		buffers.give(first);
		ByteBuffer again = buffers.take();
		assertThat(again).isSameAs(first);
		assertThat(again.position()).as("cleared").isZero();
		assertThat(buffers.directMade()).isEqualTo(1);
	}

	@Test
	void pastTheBoundBuffersShouldBeHeapBuffersThatAreNotKept() {
		SocketBuffers buffers = new SocketBuffers(2);
		assertThat(buffers.take().isDirect()).isTrue();
		assertThat(buffers.take().isDirect()).isTrue();
		ByteBuffer third = buffers.take();
		assertThat(third.isDirect()).isFalse();
		assertThat(third.capacity()).isEqualTo(SocketBuffers.SIZE);
		buffers.give(third);
		assertThat(buffers.take().isDirect()).as("a heap buffer is not pooled").isFalse();
		assertThat(buffers.directMade()).isEqualTo(2);
	}

	@Test
	void releasedStreamsShouldGiveTheirBuffersBackOnceAndFailAfterwards() throws IOException {
		SocketBuffers buffers = new SocketBuffers(4);
		ChannelInput in = new ChannelInput((into) -> {
			into.put((byte) 7);
			return 1;
		}, buffers);
		ChannelOutput out = new ChannelOutput(ByteBuffer::remaining, buffers);
		assertThat(buffers.directMade()).as("nothing taken before the first read or write").isZero();
		assertThat(in.read()).isEqualTo(7);
		out.write(1);
		assertThat(buffers.directMade()).isEqualTo(2);
		in.release();
		in.release();
		out.release();
		assertThat(buffers.take()).isNotSameAs(buffers.take());
		assertThat(buffers.directMade()).as("both reused").isEqualTo(2);
		assertThatExceptionOfType(ClosedChannelException.class).isThrownBy(in::read);
		assertThatExceptionOfType(ClosedChannelException.class).isThrownBy(() -> out.write(1));
	}

}
