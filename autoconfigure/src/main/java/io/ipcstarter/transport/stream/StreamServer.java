package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of every stream transport: one accept thread, one task per connection,
 * frames decoded with the endpoint's framing, replies written back on the connection the
 * request came on.
 * <p>
 * Connections run on the spec's {@linkplain EndpointSpec#connectionExecutor() connection
 * executor} when it names one (virtual threads, say; it is the application's, so it is
 * never shut down here), otherwise on a reader thread of their own from a private pool.
 * <p>
 * A bad frame closes only its connection (its framing is lost) and is reported; the
 * server keeps accepting. A gateway whose handler fails closes the connection so the
 * client fails fast instead of waiting for a reply that will not come. Stopping is
 * graceful: no new peers, no new frames, in-flight messages finish within
 * {@link IpcTransport#DRAIN_TIMEOUT}.
 */
public class StreamServer implements IpcServer {

	private final EndpointSpec spec;

	private final StreamAcceptor acceptor;

	private final Set<StreamConnection> connections = ConcurrentHashMap.newKeySet();

	/**
	 * One permit per {@code max-connections} place, taken before accepting and given back
	 * when the connection ends. At the limit the server does not accept: a new peer waits
	 * in the OS backlog until a place frees, instead of being accepted and closed (which
	 * loses a one-way sender's first write without telling it).
	 */
	private final Semaphore slots;

	/**
	 * What this endpoint handled per sender, for {@code delivery: acknowledged};
	 * {@code null} for plain delivery.
	 */
	private final @Nullable AckLedger acknowledged;

	/** Where connections run: the spec's executor, or {@link #ownReaders}. */
	private final Executor readers;

	/** The pool made here when the spec names no executor; {@code null} otherwise. */
	private final @Nullable ExecutorService ownReaders;

	/** Guards {@link #serving}; {@link #served} is signalled when it drops to 0. */
	private final Lock servingLock = new ReentrantLock();

	private final Condition served = this.servingLock.newCondition();

	/** Connection tasks handed to {@link #readers} that have not finished. */
	private int serving;

	private final Thread acceptThread;

	/**
	 * Closes connections idle for {@code idle-timeout}; {@code null} when there is none.
	 */
	private final @Nullable IdleTimeout idleTimeout;

	private volatile InboundListener listener;

	private volatile boolean running;

	/**
	 * A failing accept is retried every 50 ms, so failures more than this apart are not
	 * one streak: an accept that blocks waiting for a peer has stopped failing.
	 */
	private static final long STREAK_GAP_MILLIS = 1000;

	/** How long an idle connection thread of the endpoint's own pool waits for work. */
	static final long READER_KEEP_ALIVE_SECONDS = 5;

	/**
	 * Epoch millis of the first failed accept of the current streak; 0 after an accept
	 * succeeded.
	 */
	private volatile long failingSince;

	/** Epoch millis of the last failed accept. */
	private volatile long lastFailure;

	public StreamServer(EndpointSpec spec, StreamAcceptor acceptor) {
		this.spec = spec;
		this.acceptor = acceptor;
		this.ownReaders = (spec.connectionExecutor() != null) ? null : newReaderPool(spec);
		this.readers = (this.ownReaders != null) ? this.ownReaders : spec.connectionExecutor();
		this.acceptThread = new IpcThreads(spec.name(), "accept", false).newThread(this::acceptLoop);
		this.idleTimeout = IdleTimeout.of(spec, acceptor);
		this.slots = new Semaphore(spec.maxConnections());
		this.acknowledged = (spec.delivery() == Delivery.ACKNOWLEDGED) ? new AckLedger() : null;
	}

	/**
	 * One thread per connection, as {@link Executors#newCachedThreadPool} but with idle
	 * threads ending after {@link #READER_KEEP_ALIVE_SECONDS} rather than 60 s: after a
	 * burst of short connections (a FIFO's writers come and go, hostile peers connect and
	 * drop) the thread count follows the live connections within seconds.
	 */
	private static ExecutorService newReaderPool(EndpointSpec spec) {
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, READER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new IpcThreads(spec.name(), "reader"));
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		this.listener = listener;
		this.acceptor.open();
		this.running = true;
		if (this.idleTimeout != null) {
			this.idleTimeout.start();
		}
		this.acceptThread.start();
	}

	@Override
	public int peerCount() {
		return this.connections.size();
	}

	@Override
	public String address() {
		return this.acceptor.address();
	}

	@Override
	public long failingSince() {
		long since = this.failingSince;
		return (since != 0 && System.currentTimeMillis() - this.lastFailure <= STREAK_GAP_MILLIS) ? since : 0;
	}

	private void acceptLoop() {
		while (this.running) {
			if (!awaitSlot()) {
				return;
			}
			StreamConnection connection;
			try {
				connection = this.acceptor.accept();
			}
			catch (ClosedChannelException ex) {
				return;
			}
			catch (IOException | RuntimeException ex) {
				this.slots.release();
				if (!this.running) {
					return;
				}
				long now = System.currentTimeMillis();
				if (this.failingSince == 0 || now - this.lastFailure > STREAK_GAP_MILLIS) {
					this.failingSince = now;
				}
				this.lastFailure = now;
				this.listener.onError(ErrorReason.IO, ex, null);
				pauseAfterAcceptFailure();
				continue;
			}
			if (this.failingSince != 0) {
				this.failingSince = 0;
			}
			admit(connection);
		}
	}

	private void admit(StreamConnection connection) {
		Peer peer = connection.peer();
		String refusal = refusalOf(peer);
		if (refusal != null) {
			connection.close();
			this.slots.release();
			this.listener.onError(ErrorReason.PEER_REJECTED, new IpcException(ErrorReason.PEER_REJECTED, refusal),
					peer);
			return;
		}
		this.connections.add(connection);
		taskStarted();
		try {
			this.readers.execute(() -> {
				try {
					serve(connection);
				}
				finally {
					taskFinished();
				}
			});
		}
		// rejected: we are stopping (or the application's executor is)
		catch (RuntimeException ex) {
			this.connections.remove(connection);
			connection.close();
			this.slots.release();
			taskFinished();
			if (this.running) {
				this.listener.onError(ErrorReason.PEER_REJECTED, new IpcException(ErrorReason.PEER_REJECTED,
						"Refused " + peer.id() + ": the connection executor did not take it: " + ex, ex), peer);
			}
		}
	}

	/**
	 * Wait for a free {@code max-connections} place; {@code false} once the server is
	 * stopping.
	 */
	private boolean awaitSlot() {
		try {
			this.slots.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		if (!this.running) {
			this.slots.release();
			return false;
		}
		return true;
	}

	private void taskStarted() {
		this.servingLock.lock();
		try {
			this.serving++;
		}
		finally {
			this.servingLock.unlock();
		}
	}

	private void taskFinished() {
		this.servingLock.lock();
		try {
			if (--this.serving == 0) {
				this.served.signalAll();
			}
		}
		finally {
			this.servingLock.unlock();
		}
	}

	/**
	 * Wait until every connection task has finished; whether they did within the timeout.
	 */
	private boolean awaitServed(Duration timeout) throws InterruptedException {
		long left = timeout.toNanos();
		this.servingLock.lock();
		try {
			while (this.serving > 0) {
				if (left <= 0) {
					return false;
				}
				left = this.served.awaitNanos(left);
			}
			return true;
		}
		finally {
			this.servingLock.unlock();
		}
	}

	private String refusalOf(Peer peer) {
		Set<Integer> allowed = this.spec.allowedUids();
		if (!allowed.isEmpty() && (peer.uid() == null || !allowed.contains(peer.uid()))) {
			return "Refused " + peer.id() + ": uid " + peer.uid() + " is not in allowed-uids " + allowed;
		}
		return null;
	}

	private void serve(StreamConnection connection) {
		FrameCodec codec = FrameCodec.create(this.spec.framing(), AcknowledgingListener.frameLimit(this.spec));
		InboundListener listener = AcknowledgingListener.of(this.spec, this.listener, this.acknowledged, connection,
				codec);
		Peer peer = connection.peer();
		InboundListener.Reply reply = this.spec.role().isGateway() ? new ConnectionReply(connection, codec)
				: InboundListener.Reply.NONE;
		IdleTimeout.Clock clock = (this.idleTimeout != null) ? this.idleTimeout.watch(connection)
				: IdleTimeout.Clock.NONE;
		if (!establish(connection, listener)) {
			return;
		}
		listener.onPeerConnected(peer);
		try {
			byte[] frame;
			while ((frame = codec.read(connection.input())) != null) {
				clock.busy();
				try {
					listener.onMessage(frame, peer, reply);
				}
				catch (Exception ex) {
					boolean gateway = this.spec.role().isGateway();
					if (gateway) {
						// a gateway's caller fails at once; closed before the failure is
						// reported, as below: stdio drops what its parent had queued when
						// its connection closes, and must not drop what the parent writes
						// once it has seen the report
						connection.close();
					}
					// an IOException is the transport's own failure (an IpcException with
					// its reason, or a plain one from writing the reply to a peer that
					// left: IO); anything else is the application's
					listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex,
							peer);
					if (gateway) {
						break;
					}
				}
				if (codec.isOneMessagePerConnection()) {
					break;
				}
				clock.idle();
			}
		}
		catch (IpcException ex) {
			// close before reporting: once a failure is reported, the peer can already
			// see its connection is gone
			connection.close();
			boolean closedHere = !this.running || clock.closedForIdleness();
			if (!closedHere || ex.reason() != ErrorReason.IO) {
				listener.onError(ex.reason(), ex, peer);
			}
		}
		finally {
			if (this.idleTimeout != null) {
				this.idleTimeout.forget(connection);
			}
			this.connections.remove(connection);
			connection.close();
			this.slots.release();
			// this thread is done with it: its buffers can serve the next connection
			connection.releaseBuffers();
			listener.onPeerDisconnected(peer);
		}
	}

	/**
	 * Run the connection's {@link StreamConnection#establish() establishment} (a TLS
	 * handshake); when it fails, close and forget the connection and report the failure,
	 * unless the connection was closed here (stopping, idle-timeout).
	 * @return whether the connection can carry frames
	 */
	private boolean establish(StreamConnection connection, InboundListener listener) {
		try {
			connection.establish();
			return true;
		}
		catch (IOException | RuntimeException ex) {
			if (this.idleTimeout != null) {
				this.idleTimeout.forget(connection);
			}
			this.connections.remove(connection);
			connection.close();
			// its place frees for the next peer: a failed handshake must not use one up
			this.slots.release();
			connection.releaseBuffers();
			if (this.running && ex instanceof IpcException failure) {
				listener.onError(failure.reason(), failure, connection.peer());
			}
			else if (this.running && ex instanceof RuntimeException) {
				listener.onError(ErrorReason.IO, ex, connection.peer());
			}
			return false;
		}
	}

	private void pauseAfterAcceptFailure() {
		// e.g. EMFILE: do not spin on a failing accept
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		boolean wasRunning = this.running;
		this.running = false;
		// wakes an accept thread waiting for a place
		this.slots.release(this.spec.maxConnections());
		this.acceptor.close();
		if (this.idleTimeout != null) {
			this.idleTimeout.close();
		}
		if (wasRunning) {
			joinQuietly(this.acceptThread);
		}
		for (StreamConnection connection : this.connections) {
			try {
				connection.shutdownInput();
			}
			catch (IOException ex) {
				connection.close();
			}
		}
		if (this.ownReaders != null) {
			this.ownReaders.shutdown();
		}
		try {
			if (!awaitServed(IpcTransport.DRAIN_TIMEOUT)) {
				this.connections.forEach(StreamConnection::close);
				if (this.ownReaders != null) {
					this.ownReaders.shutdownNow();
				}
			}
		}
		catch (InterruptedException ex) {
			this.connections.forEach(StreamConnection::close);
			Thread.currentThread().interrupt();
		}
	}

	private static void joinQuietly(Thread thread) {
		try {
			thread.join(IpcTransport.DRAIN_TIMEOUT.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Writes a reply as one frame on the connection the request came on. */
	private static final class ConnectionReply implements InboundListener.Reply {

		private final StreamConnection connection;

		private final FrameCodec codec;

		ConnectionReply(StreamConnection connection, FrameCodec codec) {
			this.connection = connection;
			this.codec = codec;
		}

		@Override
		public void send(byte[] payload) throws IOException {
			OutputStream out = this.connection.output();
			this.codec.write(payload, out);
			out.flush();
			if (this.codec.isOneMessagePerConnection()) {
				this.connection.shutdownOutput();
			}
		}

	}

}
