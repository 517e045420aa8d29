package io.ipcstarter.bench.scenario;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * The raw baseline's framing on a blocking NIO {@link SocketChannel}: a 4-byte big-endian
 * length, then the payload (the same bytes as the starter's {@code length-prefix}
 * framing). Direct buffers allocated once: one {@code write} per message, reads take as
 * many frames per system call as the socket has.
 */
final class FramedChannel implements AutoCloseable {

	private final SocketChannel channel;

	private final ByteBuffer in;

	private final ByteBuffer out;

	FramedChannel(SocketChannel channel, int maxMessageSize) {
		this.channel = channel;
		this.in = ByteBuffer.allocateDirect(maxMessageSize + 4 + 64 * 1024);
		this.in.limit(0);
		this.out = ByteBuffer.allocateDirect(maxMessageSize + 4);
	}

	/** Write one frame from a byte array. */
	void write(byte[] payload, int length) throws IOException {
		this.out.clear();
		this.out.putInt(length).put(payload, 0, length).flip();
		writeFully();
	}

	/**
	 * Write one frame whose payload is the frame just read (echo without an extra copy
	 * into the heap).
	 */
	void echoLastFrame(int length) throws IOException {
		this.out.clear();
		this.out.putInt(length);
		ByteBuffer slice = this.in.duplicate();
		slice.position(this.in.position() - length).limit(this.in.position());
		this.out.put(slice).flip();
		writeFully();
	}

	private void writeFully() throws IOException {
		while (this.out.hasRemaining()) {
			this.channel.write(this.out);
		}
	}

	/**
	 * Read the next frame into {@code into} (when not null) and return its length, or -1
	 * at a clean end of stream. The frame's bytes stay readable in the input buffer until
	 * the next call ({@link #echoLastFrame}).
	 */
	int read(byte[] into) throws IOException {
		if (!fill(4, true)) {
			return -1;
		}
		int length = this.in.getInt();
		if (length < 0 || length > this.in.capacity() - 4) {
			throw new IOException("Bad frame length " + length);
		}
		fill(length, false);
		if (into != null) {
			this.in.get(into, 0, length);
		}
		else {
			this.in.position(this.in.position() + length);
		}
		return length;
	}

	private boolean fill(int needed, boolean eofAllowed) throws IOException {
		if (this.in.remaining() >= needed) {
			return true;
		}
		this.in.compact();
		try {
			while (this.in.position() < needed) {
				if (this.channel.read(this.in) < 0) {
					if (eofAllowed && this.in.position() == 0) {
						return false;
					}
					throw new EOFException("Stream ended inside a frame");
				}
			}
		}
		finally {
			this.in.flip();
		}
		return true;
	}

	@Override
	public void close() throws IOException {
		this.channel.close();
	}

}
