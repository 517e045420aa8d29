package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
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

	/** TLS between the buffers and the channel; {@code null} for plain text. */
	private final @Nullable TlsEngine tls;

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
			boolean writesFailOncePeerGone, @Nullable TlsEngine tls) {
		this.channel = channel;
		this.selectorStreams = selectorStreams;
		this.tls = tls;
		ChannelInput.Source source = (selectorStreams != null) ? selectorStreams::read : channel::read;
		ChannelOutput.Sink sink = (selectorStreams != null) ? selectorStreams::write : channel::write;
		if (tls != null) {
			tls.attach(source, sink);
			source = tls::read;
			sink = tls::write;
		}
		if (selectorStreams != null) {
			this.input = new ChannelInput(source, SocketBuffers.SIZE);
			this.output = new ChannelOutput(sink, SocketBuffers.SIZE);
		}
		else {
			this.input = new ChannelInput(source, SocketBuffers.SHARED);
			this.output = new ChannelOutput(sink, SocketBuffers.SHARED);
		}
		this.peer = peer;
		this.writesFailOncePeerGone = writesFailOncePeerGone;
	}

	/**
	 * An accepted connection: blocking streams, read by the server's reader thread.
	 * @param tls its TLS, whose handshake {@link #establish()} runs; {@code null} for
	 * none
	 */
	static SocketStreamConnection accepted(SocketChannel channel, Peer peer, @Nullable TlsEngine tls) {
		return new SocketStreamConnection(channel, peer, null, false, tls);
	}

	/**
	 * A client connection: non-blocking with a selector, so the idle check before a call
	 * is one system call. With TLS, the handshake runs first, while the channel is still
	 * in blocking mode.
	 * @param writesFailOncePeerGone what {@link #writesFailOncePeerGone()} answers (see
	 * {@link SocketAddressKind#writesFailOncePeerGone()})
	 * @param tls its TLS, {@code null} for none
	 * @param handshakeNanos the longest the handshake may take
	 */
	static SocketStreamConnection connected(SocketChannel channel, Peer peer, boolean writesFailOncePeerGone,
			@Nullable TlsEngine tls, long handshakeNanos) throws IOException {
		if (tls != null) {
			tls.handshake(channel, handshakeNanos);
		}
		return new SocketStreamConnection(channel, peer, new SelectorStreams(channel), writesFailOncePeerGone, tls);
	}

	/**
	 * The TLS handshake of an accepted connection, on the thread that serves it, within
	 * {@code ssl.handshake-timeout}; nothing without TLS.
	 * @throws IpcException ({@link ErrorReason#PEER_REJECTED}) when the peer fails it:
	 * speaks no TLS, stays silent, or shows no certificate the endpoint trusts
	 */
	@Override
	public void establish() throws IOException {
		TlsEngine tls = this.tls;
		if (tls == null || tls.isHandshakeDone()) {
			return;
		}
		try {
			tls.handshake(this.channel, tls.handshakeTimeoutNanos());
		}
		catch (SocketTimeoutException ex) {
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused " + this.peer.id() + ": no TLS handshake within ssl.handshake-timeout "
							+ Durations.simple(Duration.ofNanos(tls.handshakeTimeoutNanos())),
					ex);
		}
		catch (IOException ex) {
			if (!this.channel.isOpen()) {
				throw ex; // closed here (stopping, idle-timeout): not the peer's doing
			}
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused " + this.peer.id() + ": TLS handshake failed: " + ex.getMessage(), ex);
		}
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
		if (this.tls != null) {
			this.tls.closeOutbound();
		}
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
			if (this.tls != null) {
				return this.tls.isPeerGone(this::readNow);
			}
			ByteBuffer probe = this.probe;
			if (probe == null) {
				probe = ByteBuffer.allocateDirect(1);
				this.probe = probe;
			}
			probe.clear();
			return readNow(probe) != 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/** A read that does not wait: -1 at the end of the stream, 0 when nothing came. */
	private int readNow(ByteBuffer into) throws IOException {
		if (this.selectorStreams != null) {
			return this.selectorStreams.readNow(into);
		}
		synchronized (this.channel.blockingLock()) {
			this.channel.configureBlocking(false);
			try {
				return this.channel.read(into);
			}
			finally {
				this.channel.configureBlocking(true);
			}
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
