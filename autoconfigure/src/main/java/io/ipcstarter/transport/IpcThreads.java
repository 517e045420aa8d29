package io.ipcstarter.transport;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads an endpoint starts after the endpoint ({@code ipc-orders-reader-3})
 * so a thread dump says who they serve. Worker threads are daemons; the one thread per
 * listening endpoint that waits for peers is not, so an application whose only job is to
 * serve IPC peers keeps running, as a web server keeps a web app running.
 */
public final class IpcThreads implements ThreadFactory {

	private final String prefix;

	private final AtomicInteger count = new AtomicInteger();

	private final boolean daemon;

	/** Daemon worker threads. */
	public IpcThreads(String endpoint, String purpose) {
		this(endpoint, purpose, true);
	}

	/** Threads that keep the JVM alive when {@code daemon} is false (listeners). */
	public IpcThreads(String endpoint, String purpose, boolean daemon) {
		this.prefix = "ipc-" + endpoint + "-" + purpose + "-";
		this.daemon = daemon;
	}

	@Override
	public Thread newThread(Runnable r) {
		Thread t = new Thread(r, this.prefix + this.count.incrementAndGet());
		t.setDaemon(this.daemon);
		return t;
	}

}
