package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of every stream transport: a small pool of connections, opened
 * lazily, reopened with bounded exponential back-off, each used by one call at a time.
 * <p>
 * A one-way {@code outbound} endpoint uses a single connection so the peer sees messages
 * in the order they were sent; an {@code outbound-gateway} uses up to {@code pool-size}
 * connections for concurrent requests, one outstanding request per connection, so a reply
 * needs no correlation id: it is the next frame on that connection. A
 * {@link DeadlineWatchdog} (a periodic check on one thread shared by every client) closes
 * a connection whose call overruns its deadline, which unblocks the caller.
 */
public class StreamClient implements IpcClient {

	private final EndpointSpec spec;

	private final StreamConnector connector;

	private final Semaphore permits;

	private final Deque<PooledConnection> idle = new ArrayDeque<>();

	private final Set<PooledConnection> open = ConcurrentHashMap.newKeySet();

	private final DeadlineWatchdog watchdog;

	/**
	 * Whether this is a one-way {@code outbound} endpoint (its connections never read).
	 */
	private final boolean oneWay;

	private volatile boolean closed;

	/**
	 * Sends of a one-way endpoint with {@code delivery: acknowledged}; {@code null}
	 * otherwise.
	 */
	private final @Nullable AcknowledgedSender acknowledged;

	public StreamClient(EndpointSpec spec, StreamConnector connector) {
		this.spec = spec;
		this.connector = connector;
		this.oneWay = !spec.role().isGateway();
		int size = this.oneWay ? 1 : spec.poolSize();
		this.permits = new Semaphore(size, true);
		this.watchdog = new DeadlineWatchdog(this.open, shortest(spec.sendTimeout(), spec.replyTimeout()));
		this.acknowledged = (this.oneWay && spec.delivery() == Delivery.ACKNOWLEDGED)
				? new AcknowledgedSender(spec, this) : null;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (this.acknowledged != null) {
			this.acknowledged.send(payload);
			return;
		}
		call(payload, false);
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		return call(payload, true);
	}

	private byte[] call(byte[] payload, boolean expectReply) throws IOException {
		long sendDeadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		PooledConnection connection = borrow(sendDeadline);
		boolean reusable = false;
		try {
			long deadline = expectReply ? System.nanoTime() + this.spec.replyTimeout().toNanos() : sendDeadline;
			int brokenFresh = 0;
			connection.deadline(deadline);
			for (IpcException broken; (broken = writeFrame(connection, payload)) != null;) {
				brokenFresh += connection.wasPooled() ? 0 : 1;
				connection = reconnectAfter(connection, broken, sendDeadline, brokenFresh);
				connection.deadline(deadline);
			}
			if (!expectReply && connection.codec().isOneMessagePerConnection()) {
				endMessage(connection);
			}
			if (!expectReply && connection.timedOut()) {
				// the write finished after the deadline, in the moment before the
				// watchdog's abort landed: that abort may discard what was written (a
				// process child is killed with its pipe), so this send did not succeed
				throw new IpcException(ErrorReason.TIMEOUT,
						"the frame was written whole only after the deadline, and the connection was aborted");
			}
			byte[] reply = expectReply ? readReply(connection) : null;
			connection.clearDeadline();
			reusable = !connection.codec().isOneMessagePerConnection();
			return reply;
		}
		catch (IpcException ex) {
			if (!connection.timedOut()) {
				throw ex;
			}
			if (expectReply) {
				throw timeout("waiting for a reply", "reply-timeout", this.spec.replyTimeout(), ex);
			}
			IpcException timedOut = timeout("sending", "send-timeout", this.spec.sendTimeout(), ex);
			if (connection.codec().isOneMessagePerConnection()) {
				// closing is how raw ends a message, and a Unix socket has no reset: a
				// live receiver cannot tell the part it got from a whole message
				throw new IpcException(ErrorReason.TIMEOUT, timedOut.getMessage() + "; the raw message may have been "
						+ "cut short: its receiver sees the end of the stream and may take the part it got for a "
						+ "whole message", ex);
			}
			throw timedOut;
		}
		finally {
			// after a failed reconnect this is the connection discarded before it:
			// discarding it again does nothing
			release(connection, reusable);
		}
	}

	/**
	 * Replace a connection that broke while a frame was written on it (see
	 * {@link #writeFrame}) with a new one, until {@code send-timeout}.
	 * @param brokenFresh how many connections opened for this call broke so far: after
	 * each, wait with the reconnect back-off (the peer is going, or refuses us). A pooled
	 * connection had lost a peer that left while it idled: reconnect at once.
	 * @throws IpcException {@code broken} where writing again cannot help (the call timed
	 * out, the endpoint stopped, the transport cannot reconnect), otherwise a
	 * {@link ErrorReason#TIMEOUT} once {@code send-timeout} has passed
	 */
	private PooledConnection reconnectAfter(PooledConnection connection, IpcException broken, long sendDeadline,
			int brokenFresh) throws IOException {
		if (connection.timedOut() || this.closed || !this.connector.reconnects()) {
			throw broken;
		}
		long left = remaining(sendDeadline);
		if (left <= 0) {
			throw new IpcException(ErrorReason.TIMEOUT, "Could not send to " + this.connector.address()
					+ " within send-timeout " + Durations.simple(this.spec.sendTimeout())
					+ ": the connection broke before the message was written whole, on every attempt (the receiver "
					+ "may be restarting or gone, or may close connections on this message); last: "
					+ broken.getMessage(), broken);
		}
		discard(connection);
		if (brokenFresh > 0) {
			long initial = this.spec.reconnectInitialInterval().toNanos();
			long backoff = Math.min(initial << Math.min(brokenFresh - 1, 20),
					this.spec.reconnectMaxInterval().toNanos());
			sleep(Math.min(backoff, left));
		}
		return connect(sendDeadline);
	}

	/**
	 * Write one frame and flush it.
	 * <p>
	 * A write that fails ({@link ErrorReason#IO}) is the only failure sent again, on a
	 * fresh connection: a pooled connection whose peer left after the check in
	 * {@code takeIdle}, a receiver killed or restarting, a listener that died between our
	 * connect and our write. It cannot duplicate the message: a write fails only while
	 * bytes of the frame are still with us (the system call that failed took none of its
	 * bytes, and the frame's last byte comes in the last call), so the peer has at most a
	 * frame cut short, which no receiver delivers (it counts {@code decode} if it still
	 * reads). After the frame is written whole nothing is sent again.
	 * @return {@code null} when the frame was written, otherwise the failure of a
	 * connection that broke
	 * @throws IpcException when the payload cannot be framed ({@link ErrorReason#DECODE})
	 */
	private @Nullable IpcException writeFrame(PooledConnection connection, byte[] payload) throws IpcException {
		OutputStream out = connection.connection().output();
		try {
			connection.codec().write(payload, out);
			out.flush();
			return null;
		}
		catch (IpcException ex) {
			if (ex.reason() != ErrorReason.IO) {
				throw ex;
			}
			return ex;
		}
		catch (IOException ex) {
			return new IpcException(ErrorReason.IO, "Sending to " + this.connector.address() + " failed: " + ex, ex);
		}
	}

	/**
	 * End a {@code raw} message by closing the sending side. Never retried: the message
	 * was written whole, so the peer may have it.
	 */
	private void endMessage(PooledConnection connection) throws IpcException {
		try {
			connection.connection().shutdownOutput();
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO, "Sending to " + this.connector.address() + " failed: " + ex, ex);
		}
	}

	private byte[] readReply(PooledConnection connection) throws IOException {
		if (connection.codec().isOneMessagePerConnection()) {
			connection.connection().shutdownOutput();
		}
		byte[] reply = connection.codec().read(connection.connection().input());
		if (reply == null) {
			throw new IpcException(ErrorReason.IO,
					"Peer " + this.connector.address() + " closed the connection without replying");
		}
		return reply;
	}

	private PooledConnection borrow(long deadline) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is stopped");
		}
		try {
			if (!this.permits.tryAcquire(remaining(deadline), TimeUnit.NANOSECONDS)) {
				throw timeout("waiting for a free connection", "send-timeout", this.spec.sendTimeout(), null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while waiting for a connection", ex);
		}
		try {
			PooledConnection reusable = takeIdle();
			return (reusable != null) ? reusable : connect(deadline);
		}
		catch (IOException | RuntimeException ex) {
			this.permits.release();
			throw ex;
		}
	}

	private PooledConnection takeIdle() {
		while (true) {
			PooledConnection candidate;
			synchronized (this.idle) {
				candidate = this.idle.pollFirst();
			}
			if (candidate == null) {
				return null;
			}
			// Checked before every reuse: a peer that closed even a moment ago has its
			// end-of-stream queued here already, and writing into such a connection would
			// "succeed" and lose the message. Not needed for a one-way call where that
			// write fails instead (and is retried on a fresh connection): one system call
			// less per message. A gateway checks anyway: unsolicited bytes would be taken
			// for its reply.
			if ((this.oneWay && candidate.connection().writesFailOncePeerGone())
					|| !candidate.connection().isPeerGone()) {
				return candidate;
			}
			discard(candidate);
		}
	}

	PooledConnection connect(long deadline) throws IOException {
		long backoff = this.spec.reconnectInitialInterval().toNanos();
		IOException last;
		while (true) {
			try {
				Duration attempt = Duration.ofNanos(Math.max(remaining(deadline), TimeUnit.MILLISECONDS.toNanos(1)));
				StreamConnection connection = this.connector.connect(attempt);
				PooledConnection pooled = new PooledConnection(connection,
						FrameCodec.create(this.spec.framing(), this.spec.maxMessageSize()));
				this.open.add(pooled);
				if (this.closed) {
					discard(pooled);
					throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is stopped");
				}
				this.watchdog.ensureStarted();
				return pooled;
			}
			catch (IpcException ex) {
				throw ex;
			}
			catch (IOException ex) {
				last = ex;
			}
			long left = remaining(deadline);
			if (left <= 0 || this.closed) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"Could not connect to " + this.connector.address() + " within send-timeout "
								+ Durations.simple(this.spec.sendTimeout()) + ": " + last.getMessage(),
						last);
			}
			sleep(Math.min(backoff, left));
			backoff = Math.min(backoff * 2, this.spec.reconnectMaxInterval().toNanos());
		}
	}

	private void release(PooledConnection connection, boolean reusable) {
		// a call that finished just as its deadline passed may have had its connection
		// closed by the watchdog after all: never pool that one, or the next call fails
		// at once with a stale timeout
		if (reusable && !this.closed && !connection.timedOut()) {
			connection.markIdle();
			synchronized (this.idle) {
				this.idle.addFirst(connection);
			}
		}
		else {
			discard(connection);
		}
		this.permits.release();
	}

	void discard(PooledConnection connection) {
		this.open.remove(connection);
		connection.connection().close();
	}

	private IpcException timeout(String what, String key, Duration limit, Throwable cause) {
		return new IpcException(ErrorReason.TIMEOUT, "Timed out " + what + " on " + this.connector.address() + " after "
				+ key + " " + Durations.simple(limit), cause);
	}

	@Override
	public int peerCount() {
		return this.open.size();
	}

	@Override
	public String address() {
		return this.connector.address();
	}

	@Override
	public void close() {
		this.closed = true;
		this.watchdog.close();
		synchronized (this.idle) {
			this.idle.clear();
		}
		for (PooledConnection connection : this.open) {
			discard(connection);
		}
	}

	private static long remaining(long deadline) {
		return deadline - System.nanoTime();
	}

	private static Duration shortest(Duration a, Duration b) {
		return a.compareTo(b) <= 0 ? a : b;
	}

	private static void sleep(long nanos) throws IpcException {
		try {
			TimeUnit.NANOSECONDS.sleep(nanos);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while reconnecting", ex);
		}
	}

}
