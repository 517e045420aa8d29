package io.ipcstarter.transport;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
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

	/**
	 * A scheduler of one daemon thread named {@code name} for the whole JVM, whose thread
	 * ends after a minute with nothing to do (and comes back with the next task), and
	 * from which a cancelled task is removed at once: so that a stopped endpoint leaves
	 * nothing behind and the starter's own housekeeping never keeps a JVM running.
	 */
	public static ScheduledThreadPoolExecutor sharedScheduler(String name) {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, name);
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		scheduler.setKeepAliveTime(1, TimeUnit.MINUTES);
		scheduler.allowCoreThreadTimeOut(true);
		return scheduler;
	}

	@Override
	public Thread newThread(Runnable r) {
		Thread t = new Thread(r, this.prefix + this.count.incrementAndGet());
		t.setDaemon(this.daemon);
		return t;
	}

}
