package io.ipcstarter.transport.socket;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.stream.FrameCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link ChannelInput} and {@link ChannelOutput}, the socket connections' buffers, fed
 * and drained in pieces of every size, as a socket may hand them over: frames come out
 * whole wherever a read ends, including frames larger than the buffer (read around it),
 * and a truncated or oversize frame is still rejected.
 */
class ChannelStreamsTests {

	/** Smaller than the large frame below, so reads of it bypass the buffer. */
	private static final int BUFFER = 16;

	private static final List<byte[]> FRAMES = List.of(payload(0), payload(1), payload(5), payload(BUFFER - 4),
			payload(BUFFER), payload(3 * BUFFER + 1), payload(7));

	@Test
	void framesSplitAtEveryPointShouldComeOutWhole() throws IOException {
		byte[] wire = wire(FRAMES);
		for (int piece = 1; piece <= wire.length; piece++) {
			FrameCodec codec = FrameCodec.create(Framing.LENGTH_PREFIX, 1024);
			ChannelInput in = new ChannelInput(source(wire, piece), BUFFER);
			for (byte[] expected : FRAMES) {
				assertThat(codec.read(in)).as("pieces of %d bytes", piece).isEqualTo(expected);
			}
			assertThat(codec.read(in)).as("clean end after the last frame").isNull();
		}
	}

	@Test
	void aFrameCutShortShouldBeATruncatedFrameWhereverTheStreamEnds() {
		byte[] wire = wire(List.of(payload(3 * BUFFER)));
		for (int cut = 1; cut < wire.length; cut++) {
			FrameCodec codec = FrameCodec.create(Framing.LENGTH_PREFIX, 1024);
			ChannelInput in = new ChannelInput(source(Arrays.copyOf(wire, cut), 5), BUFFER);
			IpcException thrown = catchThrowableOfType(() -> codec.read(in), IpcException.class);
			assertThat(thrown).as("cut after %d bytes", cut).isNotNull();
			assertThat(thrown.reason()).isEqualTo(ErrorReason.DECODE);
			assertThat(thrown).hasMessageContaining("truncated");
		}
	}

	@Test
	void aFrameOverTheLimitShouldBeOversize() {
		FrameCodec codec = FrameCodec.create(Framing.LENGTH_PREFIX, 2 * BUFFER);
		ChannelInput in = new ChannelInput(source(wire(List.of(payload(2 * BUFFER + 1))), 3), BUFFER);
		IpcException thrown = catchThrowableOfType(() -> codec.read(in), IpcException.class);
		assertThat(thrown.reason()).isEqualTo(ErrorReason.OVERSIZE);
	}

	@Test
	void availableShouldCountOnlyWhatIsBuffered() throws IOException {
		ChannelInput in = new ChannelInput(source(new byte[] { 1, 2, 3, 4, 5 }, 5), BUFFER);
		assertThat(in.available()).isZero();
		assertThat(in.read()).isEqualTo(1);
		assertThat(in.available()).isEqualTo(4);
	}

	@Test
	void framesWrittenThroughASocketTakingAnyAmountShouldArriveWhole() throws IOException {
		for (int piece = 1; piece <= 5 * BUFFER; piece++) {
			ByteArrayOutputStream taken = new ByteArrayOutputStream();
			ChannelOutput out = new ChannelOutput(sink(taken, piece), BUFFER);
			FrameCodec codec = FrameCodec.create(Framing.LENGTH_PREFIX, 1024);
			for (byte[] frame : FRAMES) {
				codec.write(frame, out);
				out.flush();
			}
			out.write(9);
			out.flush();
			out.flush();
			byte[] expected = Arrays.copyOf(wire(FRAMES), wire(FRAMES).length + 1);
			expected[expected.length - 1] = 9;
			assertThat(taken.toByteArray()).as("pieces of %d bytes", piece).isEqualTo(expected);
		}
	}

	@Test
	void bytesAFailedWriteLeftShouldGoFirstOnTheNextFlush() throws IOException {
		ByteArrayOutputStream taken = new ByteArrayOutputStream();
		boolean[] fail = { true };
		ChannelOutput out = new ChannelOutput(from -> {
			if (fail[0]) {
				taken.write(from.get()); // one byte went out, then the socket failed
				throw new IOException("broken pipe");
			}
			return drain(from, taken, Integer.MAX_VALUE);
		}, BUFFER);
		out.write(new byte[] { 1, 2, 3 });
		assertThat(catchThrowableOfType(out::flush, IOException.class)).hasMessage("broken pipe");
		fail[0] = false;
		out.write(4);
		out.flush();
		assertThat(taken.toByteArray()).containsExactly(1, 2, 3, 4);
	}

	/**
	 * A socket that hands out at most {@code piece} bytes per read, then end of stream.
	 */
	private static ChannelInput.Source source(byte[] wire, int piece) {
		ByteBuffer left = ByteBuffer.wrap(wire);
		return into -> {
			if (!left.hasRemaining()) {
				return -1;
			}
			int n = Math.min(piece, Math.min(into.remaining(), left.remaining()));
			into.put(left.slice().limit(n));
			left.position(left.position() + n);
			return n;
		};
	}

	/** A socket that takes at most {@code piece} bytes per write. */
	private static ChannelOutput.Sink sink(ByteArrayOutputStream taken, int piece) {
		return from -> drain(from, taken, piece);
	}

	private static int drain(ByteBuffer from, ByteArrayOutputStream taken, int most) {
		int n = Math.min(most, from.remaining());
		for (int i = 0; i < n; i++) {
			taken.write(from.get());
		}
		return n;
	}

	private static byte[] wire(List<byte[]> frames) {
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			wire.writeBytes(ByteBuffer.allocate(4).putInt(frame.length).array());
			wire.writeBytes(frame);
		}
		return wire.toByteArray();
	}

	private static byte[] payload(int length) {
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (length * 31 + i);
		}
		return payload;
	}

}
