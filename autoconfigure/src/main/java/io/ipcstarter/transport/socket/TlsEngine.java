package io.ipcstarter.transport.socket;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;

/**
 * TLS between a socket connection's buffered streams and its channel: the plain-text
 * {@link ChannelInput} reads through {@link #read}, the {@link ChannelOutput} writes
 * through {@link #write}, and this class turns them into TLS records over the raw channel
 * with the JDK's {@link SSLEngine}. Framing, header embedding, buffering and every
 * deadline stay the connection's, unchanged: TLS lies below the frames.
 * <p>
 * The handshake runs once, before the first frame, with the channel in blocking mode and
 * a read timeout ({@link #handshake}); after it, reads and writes wait as the connection
 * waits (blocking, or on a client connection's selector). The network-side buffers are
 * heap buffers, made per connection and left to the garbage collector: unlike direct
 * buffers they need no pool to keep a flood of short connections from holding memory. One
 * thread reads at a time, one writes at a time; a write the reader must make (a TLS 1.3
 * key update's answer) takes the writers' lock.
 */
final class TlsEngine {

	private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

	/**
	 * Longest wait, after a client's TLS 1.3 handshake, for the listener's first record:
	 * its session ticket, or the alert with which it refuses our certificate, which TLS
	 * 1.3 sends only after the client considers the handshake done.
	 */
	private static final long VERDICT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);

	private final SSLEngine engine;

	private final long handshakeTimeoutNanos;

	private final int packetSize;

	/** Received bytes not unwrapped yet, from 0 to position (write mode). */
	private ByteBuffer netIn;

	/** Records on their way out; cleared before each use. */
	private final ByteBuffer netOut;

	/** Plain text unwrapped but not handed out yet, from 0 to position (write mode). */
	private ByteBuffer appIn;

	/**
	 * Held while writing records: a lock, not a monitor, so that a virtual thread waiting
	 * in a write does not pin its carrier (JDK 21 to 23).
	 */
	private final ReentrantLock writeLock = new ReentrantLock();

	private ChannelInput.Source source = (into) -> {
		throw new IllegalStateException("not attached");
	};

	private ChannelOutput.Sink sink = (from) -> {
		throw new IllegalStateException("not attached");
	};

	// written by the reading thread, read by writers too
	private volatile boolean inboundClosed;

	private volatile boolean handshakeDone;

	TlsEngine(SSLEngine engine, long handshakeTimeoutNanos) {
		this.engine = engine;
		this.handshakeTimeoutNanos = handshakeTimeoutNanos;
		this.packetSize = engine.getSession().getPacketBufferSize();
		this.netIn = ByteBuffer.allocate(2 * this.packetSize);
		this.netOut = ByteBuffer.allocate(4 * this.packetSize);
		this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
	}

	/** The raw channel's reads and writes as the connection waits for them. */
	void attach(ChannelInput.Source source, ChannelOutput.Sink sink) {
		this.source = source;
		this.sink = sink;
	}

	long handshakeTimeoutNanos() {
		return this.handshakeTimeoutNanos;
	}

	SSLEngine engine() {
		return this.engine;
	}

	/**
	 * Run the handshake on a channel in blocking mode, reading with a timeout.
	 * @param timeoutNanos the longest it may take
	 * @throws SocketTimeoutException when it did not complete in time
	 * @throws SSLException when the peer is refused or refuses us, or speaks no TLS
	 */
	void handshake(SocketChannel channel, long timeoutNanos) throws IOException {
		long deadline = System.nanoTime() + timeoutNanos;
		Socket socket = channel.socket();
		InputStream in = socket.getInputStream();
		try {
			this.engine.beginHandshake();
			HandshakeStatus status = this.engine.getHandshakeStatus();
			while (status != HandshakeStatus.FINISHED && status != HandshakeStatus.NOT_HANDSHAKING) {
				switch (status) {
					case NEED_TASK -> {
						runTasks();
						status = this.engine.getHandshakeStatus();
					}
					case NEED_WRAP -> {
						this.netOut.clear();
						SSLEngineResult result = this.engine.wrap(EMPTY, this.netOut);
						this.netOut.flip();
						writeBlocking(channel, this.netOut);
						status = result.getHandshakeStatus();
					}
					default -> { // NEED_UNWRAP, NEED_UNWRAP_AGAIN
						SSLEngineResult result = unwrap(this.appIn);
						if (result.getStatus() == Status.BUFFER_UNDERFLOW) {
							readBlocking(in, socket, deadline);
						}
						else if (result.getStatus() == Status.BUFFER_OVERFLOW) {
							this.appIn = grow(this.appIn, this.engine.getSession().getApplicationBufferSize());
						}
						else if (result.getStatus() == Status.CLOSED) {
							throw new SSLException("The peer closed TLS during the handshake");
						}
						status = result.getHandshakeStatus();
					}
				}
			}
			if (this.engine.getUseClientMode() && "TLSv1.3".equals(this.engine.getSession().getProtocol())) {
				awaitVerdict(in, socket, Math.min(deadline, System.nanoTime() + VERDICT_WAIT_NANOS));
			}
			this.handshakeDone = true;
		}
		catch (SSLException ex) {
			sendAlert(channel);
			throw ex;
		}
		finally {
			socket.setSoTimeout(0);
		}
	}

	/**
	 * Read until the listener's first record after our Finished: a session ticket (or
	 * data) means it let us in; its alert (a certificate it refuses) fails here, before
	 * any message is written into a connection it is about to drop. A listener that sends
	 * no ticket costs the wait, once per connection.
	 */
	private void awaitVerdict(InputStream in, Socket socket, long deadline) throws IOException {
		while (true) {
			SSLEngineResult result = unwrap(this.appIn);
			if (result.getStatus() == Status.CLOSED) {
				throw new SSLException("The listener closed TLS right after the handshake");
			}
			if (result.getStatus() != Status.BUFFER_UNDERFLOW) {
				if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
					runTasks();
				}
				return; // a record came: a ticket or data, kept for the first read
			}
			try {
				readBlocking(in, socket, deadline);
			}
			catch (SocketTimeoutException ex) {
				// no ticket: the listener had nothing to say, so no refusal either
				return;
			}
		}
	}

	/**
	 * Plain text into {@code into}: at least one byte, or -1 at the end of the stream.
	 */
	int read(ByteBuffer into) throws IOException {
		if (this.appIn.position() > 0) {
			return drainAppIn(into);
		}
		while (true) {
			if (this.inboundClosed) {
				return -1;
			}
			if (this.netIn.position() > 0) {
				int produced = unwrapAvailable(into);
				if (produced != 0) {
					return produced;
				}
			}
			if (!this.netIn.hasRemaining()) {
				this.netIn = grow(this.netIn, this.packetSize);
			}
			if (this.source.read(this.netIn) < 0) {
				// an end without close_notify: the peer closed or died at a frame
				// boundary, or the frame reader reports the truncation
				return -1;
			}
		}
	}

	/**
	 * Unwrap every complete record in {@link #netIn} while {@code into} has room for one:
	 * the bytes produced, -1 when the peer closed TLS, 0 when a record must be read
	 * first.
	 */
	private int unwrapAvailable(ByteBuffer into) throws IOException {
		int produced = 0;
		while (this.netIn.position() > 0) {
			boolean direct = into.remaining() >= this.engine.getSession().getApplicationBufferSize();
			if (!direct && produced > 0) {
				break;
			}
			SSLEngineResult result = unwrap(direct ? into : this.appIn);
			afterUnwrap(result);
			switch (result.getStatus()) {
				case CLOSED -> {
					this.inboundClosed = true;
					return (produced > 0) ? produced : -1;
				}
				case BUFFER_UNDERFLOW -> {
					return produced;
				}
				case BUFFER_OVERFLOW ->
					this.appIn = grow(this.appIn, this.engine.getSession().getApplicationBufferSize());
				case OK -> {
					if (!direct && result.bytesProduced() > 0) {
						return produced + drainAppIn(into);
					}
					if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
						return produced;
					}
					produced += result.bytesProduced();
				}
			}
		}
		return produced;
	}

	/** Write at least one byte of {@code from} as TLS records; the bytes taken. */
	int write(ByteBuffer from) throws IOException {
		this.writeLock.lock();
		try {
			int consumed = 0;
			this.netOut.clear();
			while (from.hasRemaining() && this.netOut.remaining() >= this.packetSize) {
				SSLEngineResult result = this.engine.wrap(from, this.netOut);
				if (result.getStatus() == Status.CLOSED) {
					throw new SSLException("TLS is closed on this connection");
				}
				if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
					runTasks();
				}
				consumed += result.bytesConsumed();
				if (result.getStatus() != Status.OK) {
					break;
				}
			}
			this.netOut.flip();
			writeFully(this.netOut);
			return consumed;
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Send close_notify: the peer reads the end of the stream (a {@code raw} message is
	 * complete) while this side may still read.
	 */
	void closeOutbound() throws IOException {
		this.writeLock.lock();
		try {
			this.engine.closeOutbound();
			this.netOut.clear();
			while (!this.engine.isOutboundDone()) {
				SSLEngineResult result = this.engine.wrap(EMPTY, this.netOut);
				if (result.bytesProduced() == 0) {
					break;
				}
			}
			this.netOut.flip();
			writeFully(this.netOut);
		}
		finally {
			this.writeLock.unlock();
		}
	}

	/**
	 * Whether an idle connection can carry no further call: the peer closed (raw end of
	 * stream, close_notify, an alert) or sent data nobody asked for. Session tickets and
	 * other TLS housekeeping are taken in passing.
	 * @param readNow a read that does not wait: -1 at the end of the stream, 0 when
	 * nothing came
	 */
	boolean isPeerGone(ChannelInput.Source readNow) {
		if (this.inboundClosed || this.appIn.position() > 0) {
			return true;
		}
		try {
			if (!this.netIn.hasRemaining()) {
				this.netIn = grow(this.netIn, this.packetSize);
			}
			if (readNow.read(this.netIn) < 0) {
				return true;
			}
			while (this.netIn.position() > 0) {
				SSLEngineResult result = unwrap(this.appIn);
				afterUnwrap(result);
				if (result.getStatus() == Status.CLOSED || result.bytesProduced() > 0) {
					return true;
				}
				if (result.getStatus() != Status.OK || result.bytesConsumed() == 0) {
					return false;
				}
			}
			return false;
		}
		catch (IOException | RuntimeException ex) {
			return true;
		}
	}

	boolean isHandshakeDone() {
		return this.handshakeDone;
	}

	private SSLEngineResult unwrap(ByteBuffer into) throws SSLException {
		this.netIn.flip();
		try {
			return this.engine.unwrap(this.netIn, into);
		}
		finally {
			this.netIn.compact();
		}
	}

	/** Housekeeping a record may ask for after the handshake (a key update's answer). */
	private void afterUnwrap(SSLEngineResult result) throws IOException {
		if (result.getStatus() == Status.CLOSED) {
			// the peer's close_notify: the engine would answer with ours, but the peer
			// may
			// be gone already, and the failed write would cost the frames read before it;
			// the connection is closed without one (documented)
			return;
		}
		HandshakeStatus status = result.getHandshakeStatus();
		if (status == HandshakeStatus.NEED_TASK) {
			runTasks();
			status = this.engine.getHandshakeStatus();
		}
		if (status == HandshakeStatus.NEED_WRAP) {
			this.writeLock.lock();
			try {
				this.netOut.clear();
				this.engine.wrap(EMPTY, this.netOut);
				this.netOut.flip();
				writeFully(this.netOut);
			}
			finally {
				this.writeLock.unlock();
			}
		}
	}

	private int drainAppIn(ByteBuffer into) {
		this.appIn.flip();
		int n = Math.min(into.remaining(), this.appIn.remaining());
		int limit = this.appIn.limit();
		this.appIn.limit(this.appIn.position() + n);
		into.put(this.appIn);
		this.appIn.limit(limit);
		this.appIn.compact();
		return n;
	}

	private void writeFully(ByteBuffer from) throws IOException {
		while (from.hasRemaining()) {
			this.sink.write(from);
		}
	}

	private void runTasks() {
		Runnable task;
		while ((task = this.engine.getDelegatedTask()) != null) {
			task.run();
		}
	}

	private void readBlocking(InputStream in, Socket socket, long deadline) throws IOException {
		long left = deadline - System.nanoTime();
		if (left <= 0) {
			throw new SocketTimeoutException("TLS handshake timed out");
		}
		if (!this.netIn.hasRemaining()) {
			this.netIn = grow(this.netIn, this.packetSize);
		}
		socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left))));
		int n = in.read(this.netIn.array(), this.netIn.arrayOffset() + this.netIn.position(), this.netIn.remaining());
		if (n < 0) {
			throw new EOFException("The peer closed the connection during the TLS handshake");
		}
		this.netIn.position(this.netIn.position() + n);
	}

	private static void writeBlocking(SocketChannel channel, ByteBuffer from) throws IOException {
		while (from.hasRemaining()) {
			channel.write(from);
		}
	}

	/**
	 * After a failed handshake the engine holds an alert saying why: send it if the
	 * channel takes it at once, so the peer learns the reason rather than seeing a bare
	 * close.
	 */
	private void sendAlert(SocketChannel channel) {
		try {
			this.engine.closeOutbound();
			this.netOut.clear();
			this.engine.wrap(EMPTY, this.netOut);
			this.netOut.flip();
			if (this.netOut.hasRemaining()) {
				channel.write(this.netOut);
			}
		}
		catch (IOException | RuntimeException ex) {
			// the peer learns of the failure from the close instead
		}
	}

	private static ByteBuffer grow(ByteBuffer buffer, int atLeast) {
		ByteBuffer bigger = ByteBuffer.allocate(buffer.capacity() + Math.max(atLeast, buffer.capacity()));
		buffer.flip();
		bigger.put(buffer);
		return bigger;
	}

}
