package io.ipcstarter.transport.stream;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Names the threads an endpoint starts after the endpoint ({@code ipc-orders-reader-3}) so a thread dump says who
 * they serve. Daemon threads: an endpoint never keeps the JVM alive on its own.
 */
public final class IpcThreads implements ThreadFactory {

	private final String prefix;

	private final AtomicInteger count = new AtomicInteger();

	public IpcThreads(String endpoint, String purpose) {
		this.prefix = "ipc-" + endpoint + "-" + purpose + "-";
	}

	@Override
	public Thread newThread(Runnable r) {
		Thread t = new Thread(r, this.prefix + this.count.incrementAndGet());
		t.setDaemon(true);
		return t;
	}

}
