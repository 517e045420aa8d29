package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Buffered input from a socket through one direct buffer of its own. The JDK reads a
 * socket into a heap array through a temporary direct buffer and a copy; a
 * {@code BufferedInputStream} over {@code Channels.newInputStream} therefore copied every
 * byte twice before the frame's own array (kernel → temporary → buffer → frame). Reading
 * into our own direct buffer leaves one copy, the one into the frame, as the raw NIO
 * baseline does. Reads of at least the buffer's size bypass it (a 1 MiB frame is not cut
 * into 64 KiB system calls). One reader thread at a time.
 * <p>
 * Given {@link SocketBuffers}, the buffer is taken from them at the first read that needs
 * it and given back by {@link #release()}, so a connection refused before it read
 * anything takes none.
 */
final class ChannelInput extends InputStream {

	/**
	 * A read that blocks until it has at least one byte, or returns -1 at end of stream.
	 */
	@FunctionalInterface
	interface Source {

		int read(ByteBuffer into) throws IOException;

	}

	private final Source source;

	private static final ByteBuffer NONE = ByteBuffer.allocate(0);

	private final @Nullable SocketBuffers buffers;

	private final int size;

	/**
	 * Between reads in read mode: the bytes from position to limit are the ones not
	 * handed out yet; {@link #NONE} before the first fill and after {@link #release()}.
	 */
	private ByteBuffer buffer = NONE;

	private boolean released;

	/** With a direct buffer of its own, of {@code size} bytes. */
	ChannelInput(Source source, int size) {
		this.source = source;
		this.buffers = null;
		this.size = size;
	}

	/**
	 * With a buffer taken from {@code buffers} when first needed, given back by
	 * {@link #release()}.
	 */
	ChannelInput(Source source, SocketBuffers buffers) {
		this.source = source;
		this.buffers = buffers;
		this.size = SocketBuffers.SIZE;
	}

	@Override
	public int read() throws IOException {
		if (!this.buffer.hasRemaining() && fill() < 0) {
			return -1;
		}
		return this.buffer.get() & 0xff;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		Objects.checkFromIndexSize(off, len, b.length);
		if (len == 0) {
			return 0;
		}
		if (!this.buffer.hasRemaining()) {
			if (len >= this.size) {
				return this.source.read(ByteBuffer.wrap(b, off, len));
			}
			if (fill() < 0) {
				return -1;
			}
		}
		int n = Math.min(len, this.buffer.remaining());
		this.buffer.get(b, off, n);
		return n;
	}

	/** What is buffered: readable without a system call. */
	@Override
	public int available() {
		return this.buffer.remaining();
	}

	/**
	 * Give the buffer back: called by the reader thread once it will read no more (the
	 * connection is closed), so no read can touch the buffer after the next connection
	 * took it. Later reads fail.
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

	private int fill() throws IOException {
		if (this.buffer == NONE) {
			if (this.released) {
				throw new ClosedChannelException();
			}
			this.buffer = (this.buffers != null) ? this.buffers.take() : ByteBuffer.allocateDirect(this.size);
		}
		this.buffer.clear();
		try {
			return this.source.read(this.buffer);
		}
		finally {
			this.buffer.flip();
		}
	}

}
