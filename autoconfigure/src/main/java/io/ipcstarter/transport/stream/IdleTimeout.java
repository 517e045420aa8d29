package io.ipcstarter.transport.stream;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;

/**
 * Closes a listening endpoint's connections whose peer has sent no complete frame for
 * {@code idle-timeout}, so idle peers do not hold every {@code max-connections} slot.
 * Like {@link DeadlineWatchdog}, it costs the read loop two volatile writes per frame and
 * no timer: one periodic check per server on the shared {@code ipc-deadlines} thread
 * (every 1/20 of the timeout, between 5 ms and 1 s), the closes on
 * {@code ipc-deadlines-close-N} threads. A peer closed for being idle did nothing wrong:
 * it is logged at debug level, not reported as an error.
 */
final class IdleTimeout implements AutoCloseable {

	private static final System.Logger logger = System.getLogger(IdleTimeout.class.getName());

	private final String endpoint;

	private final long timeoutNanos;

	private final Map<StreamConnection, Clock> clocks = new ConcurrentHashMap<>();

	private final long tickMillis;

	private @Nullable ScheduledFuture<?> checks;

	private IdleTimeout(String endpoint, Duration timeout) {
		this.endpoint = endpoint;
		this.timeoutNanos = timeout.toNanos();
		this.tickMillis = Math.max(5, Math.min(1000, timeout.toMillis() / 20));
	}

	/**
	 * The idle check of a server, or {@code null} when the spec keeps idle peers or its
	 * acceptor's are not peers.
	 */
	static @Nullable IdleTimeout of(EndpointSpec spec, StreamAcceptor acceptor) {
		Duration timeout = spec.idleTimeout();
		return (timeout.isZero() || !acceptor.idlePeersMayBeClosed()) ? null : new IdleTimeout(spec.name(), timeout);
	}

	synchronized void start() {
		if (this.checks == null) {
			this.checks = DeadlineWatchdog.every(this.tickMillis, this::check);
		}
	}

	/**
	 * Start watching a connection, idle from now on; {@link #forget} it once it is
	 * closed.
	 */
	Clock watch(StreamConnection connection) {
		Clock clock = new Clock();
		this.clocks.put(connection, clock);
		return clock;
	}

	void forget(StreamConnection connection) {
		this.clocks.remove(connection);
	}

	private void check() {
		long now = System.nanoTime();
		this.clocks.forEach((connection, clock) -> {
			long since = clock.idleSince;
			if (since != Clock.BUSY && !clock.closed && now - since >= this.timeoutNanos) {
				clock.closed = true;
				logger.log(Level.DEBUG,
						() -> "Endpoint '" + this.endpoint + "' closes the connection of " + connection.peer().id()
								+ ": no complete frame for " + Duration.ofNanos(now - since).toMillis()
								+ " ms (idle-timeout)");
				try {
					DeadlineWatchdog.closeAside(connection);
				}
				catch (RuntimeException ex) {
					// a periodic task that throws is never run again: that would end the
					// checks of this server
					clock.closed = false;
				}
			}
		});
	}

	@Override
	public synchronized void close() {
		if (this.checks != null) {
			this.checks.cancel(false);
		}
	}

	/**
	 * When one connection's peer last completed a frame; written by its reader thread
	 * only.
	 */
	static final class Clock {

		/** Never idle: the connections of a server without an idle timeout. */
		static final Clock NONE = new Clock();

		private static final long BUSY = Long.MIN_VALUE;

		/**
		 * {@link System#nanoTime()} since which the peer has sent no complete frame, or
		 * {@link #BUSY}.
		 */
		private volatile long idleSince = System.nanoTime();

		private volatile boolean closed;

		/**
		 * A frame arrived: not idle while it is handled (a gateway's handler may take
		 * longer than the timeout).
		 */
		void busy() {
			if (this != NONE) {
				this.idleSince = BUSY;
			}
		}

		/** The frame is handled: idle from now on. */
		void idle() {
			if (this != NONE) {
				this.idleSince = System.nanoTime();
			}
		}

		/**
		 * Whether the connection was closed for being idle (its reader then sees it fail,
		 * which is no error).
		 */
		boolean closedForIdleness() {
			return this.closed;
		}

	}

}
