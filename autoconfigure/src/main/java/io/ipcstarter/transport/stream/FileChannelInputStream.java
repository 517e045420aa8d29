package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * An input stream over a {@link FileChannel} on a FIFO, a pipe or a terminal, for stream
 * connections that must be unblockable: closing the channel ends a read blocked in
 * another thread, which closing a {@code FileInputStream} does not. The JDK's
 * {@code Channels.newInputStream} cannot be used: its {@code available()} asks a file
 * channel for its position, which a pipe cannot answer ({@code ESPIPE}). Wrap it in a
 * {@code BufferedInputStream}.
 */
public final class FileChannelInputStream extends InputStream {

	private final FileChannel channel;

	private byte[] wrapped;

	private ByteBuffer buffer;

	private volatile boolean ended;

	public FileChannelInputStream(FileChannel channel) {
		this.channel = channel;
	}

	@Override
	public int read() throws IOException {
		byte[] one = new byte[1];
		return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		// a BufferedInputStream above always reads into the same array: wrap it once
		if (b != this.wrapped) {
			this.wrapped = b;
			this.buffer = ByteBuffer.wrap(b);
		}
		this.buffer.limit(off + len).position(off);
		int n = this.channel.read(this.buffer);
		if (n < 0) {
			this.ended = true;
		}
		return n;
	}

	/**
	 * Whether a read has seen the end of the stream (every writer closed), as opposed to
	 * being cut off.
	 */
	public boolean reachedEnd() {
		return this.ended;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
