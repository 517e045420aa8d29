package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Buffered output to a socket through one direct buffer of its own: a frame's header and
 * payload are copied once, into the buffer, and leave in one system call on
 * {@link #flush()}. (A {@code BufferedOutputStream} over {@code Channels.newOutputStream}
 * copied them twice: into its array, then into the JDK's temporary direct buffer.) Writes
 * of at least the buffer's size go out from the caller's array. One writer thread at a
 * time.
 * <p>
 * Given {@link SocketBuffers}, the buffer is taken from them at the first write and given
 * back by {@link #release()}: an inbound connection that never answers takes none.
 */
final class ChannelOutput extends OutputStream {

	/** A write that blocks until it has taken at least one byte. */
	@FunctionalInterface
	interface Sink {

		int write(ByteBuffer from) throws IOException;

	}

	private final Sink sink;

	private static final ByteBuffer NONE = ByteBuffer.allocate(0);

	private final @Nullable SocketBuffers buffers;

	private final int size;

	/**
	 * Always in write mode: the bytes from 0 to position wait for the next flush;
	 * {@link #NONE} before the first write and after {@link #release()}.
	 */
	private ByteBuffer buffer = NONE;

	private boolean released;

	/** With a direct buffer of its own, of {@code size} bytes. */
	ChannelOutput(Sink sink, int size) {
		this.sink = sink;
		this.buffers = null;
		this.size = size;
	}

	/**
	 * With a buffer taken from {@code buffers} at the first write, given back by
	 * {@link #release()}.
	 */
	ChannelOutput(Sink sink, SocketBuffers buffers) {
		this.sink = sink;
		this.buffers = buffers;
		this.size = SocketBuffers.SIZE;
	}

	/**
	 * Give the buffer back (unflushed bytes are dropped): called by the writer thread
	 * once it will write no more, so no write can touch the buffer after the next
	 * connection took it. Later writes fail.
	 */
	void release() {
		if (!this.released) {
			this.released = true;
			if (this.buffers != null && this.buffer != NONE) {
				this.buffers.give(this.buffer);
			}
			this.buffer = NONE;
		}
	}

	@Override
	public void write(int b) throws IOException {
		ensureBuffer();
		if (!this.buffer.hasRemaining()) {
			flush();
		}
		this.buffer.put((byte) b);
	}

	@Override
	public void write(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		ensureBuffer();
		if (len > this.buffer.remaining()) {
			flush();
			if (len >= this.size) {
				writeFully(ByteBuffer.wrap(b, off, len));
				return;
			}
		}
		this.buffer.put(b, off, len);
	}

	@Override
	public void flush() throws IOException {
		if (this.buffer == NONE) {
			return;
		}
		this.buffer.flip();
		try {
			writeFully(this.buffer);
		}
		finally {
			// after a failure the unwritten bytes stay first in line, as
			// BufferedOutputStream's
			this.buffer.compact();
		}
	}

	private void ensureBuffer() throws IOException {
		if (this.buffer == NONE) {
			if (this.released) {
				throw new ClosedChannelException();
			}
			this.buffer = (this.buffers != null) ? this.buffers.take() : ByteBuffer.allocateDirect(this.size);
		}
	}

	private void writeFully(ByteBuffer from) throws IOException {
		while (from.hasRemaining()) {
			this.sink.write(from);
		}
	}

}
