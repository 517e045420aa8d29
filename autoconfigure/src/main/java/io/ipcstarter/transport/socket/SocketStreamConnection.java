package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * A connected socket channel as buffered streams. The buffers make a small frame one
 * system call per direction (header and payload leave together on flush) and let the
 * reader take many small frames per read; being direct buffers, they spare the JDK's copy
 * through a temporary one (see {@link ChannelInput}). An accepted connection borrows them
 * from {@link SocketBuffers#SHARED} when it first reads or writes and gives them back on
 * {@link #releaseBuffers()}, so a server's direct memory follows its live connections; a
 * client connection (few, long-lived, closed from several threads) has its own.
 */
final class SocketStreamConnection implements StreamConnection {

	private final SocketChannel channel;

	private final ChannelInput input;

	private final ChannelOutput output;

	private final Peer peer;

	private final boolean writesFailOncePeerGone;

	/**
	 * One byte to look for an end of stream with, made at the first look (clients only);
	 * only the thread that borrows the idle connection uses it.
	 */
	private @Nullable ByteBuffer probe;

	/**
	 * The non-blocking streams of a client connection; {@code null} for a server's
	 * (blocking) connection.
	 */
	private final @Nullable SelectorStreams selectorStreams;

	private SocketStreamConnection(SocketChannel channel, Peer peer, @Nullable SelectorStreams selectorStreams,
			boolean writesFailOncePeerGone) {
		this.channel = channel;
		this.selectorStreams = selectorStreams;
		if (selectorStreams != null) {
			this.input = new ChannelInput(selectorStreams::read, SocketBuffers.SIZE);
			this.output = new ChannelOutput(selectorStreams::write, SocketBuffers.SIZE);
		}
		else {
			this.input = new ChannelInput(channel::read, SocketBuffers.SHARED);
			this.output = new ChannelOutput(channel::write, SocketBuffers.SHARED);
		}
		this.peer = peer;
		this.writesFailOncePeerGone = writesFailOncePeerGone;
	}

	/** An accepted connection: blocking streams, read by the server's reader thread. */
	static SocketStreamConnection accepted(SocketChannel channel, Peer peer) {
		return new SocketStreamConnection(channel, peer, null, false);
	}

	/**
	 * A client connection: non-blocking with a selector, so the idle check before a call
	 * is one system call.
	 * @param writesFailOncePeerGone what {@link #writesFailOncePeerGone()} answers (see
	 * {@link SocketAddressKind#writesFailOncePeerGone()})
	 */
	static SocketStreamConnection connected(SocketChannel channel, Peer peer, boolean writesFailOncePeerGone)
			throws IOException {
		return new SocketStreamConnection(channel, peer, new SelectorStreams(channel), writesFailOncePeerGone);
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

	@Override
	public boolean writesFailOncePeerGone() {
		return this.writesFailOncePeerGone;
	}

	/**
	 * A non-blocking look at an idle connection: end of stream or a reset means the peer
	 * is gone; unsolicited bytes mean the framing can no longer be trusted. Either way
	 * the connection must not carry the next call.
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
			ByteBuffer probe = this.probe;
			if (probe == null) {
				probe = ByteBuffer.allocateDirect(1);
				this.probe = probe;
			}
			probe.clear();
			if (this.selectorStreams != null) {
				return this.selectorStreams.readNow(probe) != 0;
			}
			synchronized (this.channel.blockingLock()) {
				this.channel.configureBlocking(false);
				try {
					return this.channel.read(probe) != 0;
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

	/**
	 * Gives the buffers back; the serving thread calls it once the connection is closed
	 * and it is done with it.
	 */
	@Override
	public void releaseBuffers() {
		this.input.release();
		this.output.release();
	}

	@Override
	public void close() {
		if (this.selectorStreams != null) {
			this.selectorStreams.close();
			return;
		}
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// nothing to do: the descriptor is released either way
		}
	}

}
