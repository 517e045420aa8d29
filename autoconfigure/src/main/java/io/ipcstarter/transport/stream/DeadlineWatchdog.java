package io.ipcstarter.transport.stream;

import java.time.Duration;
import java.util.Collection;

import io.ipcstarter.transport.IpcThreads;

/**
 * One thread per client that closes connections whose call has overrun its deadline. Blocking stream reads and
 * writes have no timeout of their own (a Unix-domain {@code SocketChannel} has none at all), and closing the
 * connection is what unblocks them. Checking a volatile deadline costs the hot path nothing: no timer is scheduled
 * per call. Timeouts fire within one tick ({@code 1/20} of the shortest timeout, between 5 and 100 ms) of their
 * deadline.
 */
final class DeadlineWatchdog implements AutoCloseable {

	private final Collection<PooledConnection> connections;

	private final long tickMillis;

	private final Thread thread;

	private volatile boolean running = true;

	private boolean started;

	DeadlineWatchdog(String endpoint, Collection<PooledConnection> connections, Duration shortestTimeout) {
		this.connections = connections;
		this.tickMillis = Math.max(5, Math.min(100, shortestTimeout.toMillis() / 20));
		this.thread = new IpcThreads(endpoint, "deadlines").newThread(this::run);
	}

	synchronized void ensureStarted() {
		if (!this.started && this.running) {
			this.started = true;
			this.thread.start();
		}
	}

	private void run() {
		while (this.running) {
			long now = System.nanoTime();
			for (PooledConnection connection : this.connections) {
				connection.expireIfOverdue(now);
			}
			try {
				Thread.sleep(this.tickMillis);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	@Override
	public void close() {
		this.running = false;
		this.thread.interrupt();
	}

}
