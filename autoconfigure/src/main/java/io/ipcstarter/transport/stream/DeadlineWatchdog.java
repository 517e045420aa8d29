package io.ipcstarter.transport.stream;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.IpcThreads;

/**
 * Closes a client's connections whose call has overrun its deadline. Blocking stream
 * reads and writes have no timeout of their own (a Unix-domain {@code SocketChannel} has
 * none at all), and closing the connection is what unblocks them. Checking a volatile
 * deadline costs the hot path nothing: no timer is scheduled per call. Instead each
 * client, from its first connection until it closes, has one periodic check on a single
 * JVM-wide daemon thread, {@code ipc-deadlines}, rather than a thread of its own.
 * Timeouts fire within one tick ({@code 1/20} of the client's shortest timeout, between 5
 * and 100 ms) of their deadline.
 * <p>
 * The shared thread only marks an overrun call; ending its connection
 * ({@link StreamConnection#abort()}) runs on an {@code ipc-deadlines-close-N} thread,
 * because it may take a moment (a {@code process} connection kills its child) and must
 * not delay the deadlines of every other client in the JVM.
 */
final class DeadlineWatchdog implements AutoCloseable {

	private final Collection<PooledConnection> connections;

	private final long tickMillis;

	private @Nullable ScheduledFuture<?> checks;

	private boolean closed;

	DeadlineWatchdog(Collection<PooledConnection> connections, Duration shortestTimeout) {
		this.connections = connections;
		this.tickMillis = Math.max(5, Math.min(100, shortestTimeout.toMillis() / 20));
	}

	synchronized void ensureStarted() {
		if (this.checks == null && !this.closed) {
			this.checks = every(this.tickMillis, this::check);
		}
	}

	/**
	 * Run {@code check} every {@code tickMillis} on the shared {@code ipc-deadlines}
	 * thread until the returned future is cancelled. The check must be quick and must not
	 * throw (a periodic task that throws is never run again).
	 */
	static ScheduledFuture<?> every(long tickMillis, Runnable check) {
		return Scheduler.INSTANCE.scheduleWithFixedDelay(check, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Close a connection on an {@code ipc-deadlines-close-N} thread, so a slow close
	 * delays no check.
	 */
	static void closeAside(StreamConnection connection) {
		Scheduler.CLOSERS.execute(connection::close);
	}

	/**
	 * {@link StreamConnection#abort() Abort} a connection whose call overran, on an
	 * {@code ipc-deadlines-close-N} thread.
	 */
	private static void abortAside(StreamConnection connection) {
		Scheduler.CLOSERS.execute(connection::abort);
	}

	private void check() {
		long now = System.nanoTime();
		for (PooledConnection connection : this.connections) {
			try {
				if (connection.expireIfOverdue(now)) {
					abortAside(connection.connection());
				}
			}
			catch (RuntimeException ex) {
				// a periodic task that throws is never run again: that would end the
				// checks of this client
			}
		}
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.checks != null) {
			this.checks.cancel(false);
		}
	}

	/**
	 * The one scheduler every client's checks run on, and the threads that close overrun
	 * connections; created when the first client connects (holder idiom). Daemon threads,
	 * each ending after a minute with nothing to do.
	 */
	private static final class Scheduler {

		static final ScheduledThreadPoolExecutor INSTANCE = IpcThreads.sharedScheduler("ipc-deadlines");

		static final Executor CLOSERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.MINUTES,
				new SynchronousQueue<>(), daemons("ipc-deadlines-close-"));

		private static ThreadFactory daemons(String prefix) {
			AtomicInteger count = new AtomicInteger();
			return (task) -> {
				Thread thread = new Thread(task, prefix + count.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			};
		}

	}

}
