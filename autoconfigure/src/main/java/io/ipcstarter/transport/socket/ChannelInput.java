package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Buffered input from a socket through one direct buffer of its own. The JDK reads a socket into a heap array through
 * a temporary direct buffer and a copy; a {@code BufferedInputStream} over {@code Channels.newInputStream} therefore
 * copied every byte twice before the frame's own array (kernel → temporary → buffer → frame). Reading into our own
 * direct buffer leaves one copy, the one into the frame, as the raw NIO baseline does. Reads of at least the buffer's
 * size bypass it (a 1 MiB frame is not cut into 64 KiB system calls). One reader thread at a time.
 */
final class ChannelInput extends InputStream {

	/** A read that blocks until it has at least one byte, or returns -1 at end of stream. */
	@FunctionalInterface
	interface Source {

		int read(ByteBuffer into) throws IOException;

	}

	private final Source source;

	/** Between reads in read mode: the bytes from position to limit are the ones not handed out yet. */
	private final ByteBuffer buffer;

	ChannelInput(Source source, int size) {
		this.source = source;
		this.buffer = ByteBuffer.allocateDirect(size);
		this.buffer.limit(0);
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
			if (len >= this.buffer.capacity()) {
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

	private int fill() throws IOException {
		this.buffer.clear();
		try {
			return this.source.read(this.buffer);
		}
		finally {
			this.buffer.flip();
		}
	}

}
