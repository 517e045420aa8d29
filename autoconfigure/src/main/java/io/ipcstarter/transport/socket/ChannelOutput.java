package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Buffered output to a socket through one direct buffer of its own: a frame's header and payload are copied once,
 * into the buffer, and leave in one system call on {@link #flush()}. (A {@code BufferedOutputStream} over
 * {@code Channels.newOutputStream} copied them twice: into its array, then into the JDK's temporary direct buffer.)
 * Writes of at least the buffer's size go out from the caller's array. One writer thread at a time.
 */
final class ChannelOutput extends OutputStream {

	/** A write that blocks until it has taken at least one byte. */
	@FunctionalInterface
	interface Sink {

		int write(ByteBuffer from) throws IOException;

	}

	private final Sink sink;

	/** Always in write mode: the bytes from 0 to position wait for the next flush. */
	private final ByteBuffer buffer;

	ChannelOutput(Sink sink, int size) {
		this.sink = sink;
		this.buffer = ByteBuffer.allocateDirect(size);
	}

	@Override
	public void write(int b) throws IOException {
		if (!this.buffer.hasRemaining()) {
			flush();
		}
		this.buffer.put((byte) b);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len > this.buffer.remaining()) {
			flush();
			if (len >= this.buffer.capacity()) {
				writeFully(ByteBuffer.wrap(b, off, len));
				return;
			}
		}
		this.buffer.put(b, off, len);
	}

	@Override
	public void flush() throws IOException {
		this.buffer.flip();
		try {
			writeFully(this.buffer);
		}
		finally {
			this.buffer.compact(); // after a failure the unwritten bytes stay first in line, as BufferedOutputStream's
		}
	}

	private void writeFully(ByteBuffer from) throws IOException {
		while (from.hasRemaining()) {
			this.sink.write(from);
		}
	}

}
