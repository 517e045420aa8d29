package io.ipcstarter.transport.socket;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * A connected socket channel as buffered streams. The buffers make a small frame one system call per direction
 * (header and payload leave together on flush) and let the reader take many small frames per read.
 */
final class SocketStreamConnection implements StreamConnection {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final SocketChannel channel;

	private final BufferedInputStream input;

	private final OutputStream output;

	private final Peer peer;

	/** One byte to look for an end of stream with; only the thread that borrows the idle connection uses it. */
	private final ByteBuffer probe = ByteBuffer.allocate(1);

	SocketStreamConnection(SocketChannel channel, Peer peer) {
		this.channel = channel;
		this.input = new BufferedInputStream(Channels.newInputStream(channel), BUFFER_SIZE);
		this.output = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_SIZE);
		this.peer = peer;
	}

	@Override
	public InputStream input() {
		return this.input;
	}

	@Override
	public OutputStream output() {
		return this.output;
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.channel.shutdownOutput();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.channel.shutdownInput();
	}

	/**
	 * A non-blocking look at an idle connection: end of stream or a reset means the peer is gone; unsolicited bytes
	 * mean the framing can no longer be trusted. Either way the connection must not carry the next call.
	 */
	@Override
	public boolean isPeerGone() {
		if (!this.channel.isOpen()) {
			return true;
		}
		try {
			if (this.input.available() > 0) {
				return true;
			}
			synchronized (this.channel.blockingLock()) {
				this.channel.configureBlocking(false);
				try {
					this.probe.clear();
					return this.channel.read(this.probe) != 0;
				}
				finally {
					this.channel.configureBlocking(true);
				}
			}
		}
		catch (IOException ex) {
			return true;
		}
	}

	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// nothing to do: the descriptor is released either way
		}
	}

}
