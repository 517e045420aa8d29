package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

/**
 * Waits until something may have arrived in a directory: a file-system watch event where
 * the JDK has one that works, or the poll interval, whichever comes first. Events only
 * wake the reader, which then rescans the whole directory, so a lost or overflowed event
 * costs at most one poll interval and never a duplicate.
 */
final class DirectoryWatcher implements AutoCloseable {

	private final @Nullable WatchService watchService;

	private final CountDownLatch closed = new CountDownLatch(1);

	private DirectoryWatcher(@Nullable WatchService watchService) {
		this.watchService = watchService;
	}

	/**
	 * A watcher on {@code directory}; polling only when {@code watch} is off or the file
	 * system cannot watch.
	 */
	static DirectoryWatcher open(Path directory, boolean watch) {
		if (!watch) {
			return new DirectoryWatcher(null);
		}
		WatchService service = null;
		try {
			service = directory.getFileSystem().newWatchService();
			directory.register(service, StandardWatchEventKinds.ENTRY_CREATE);
			return new DirectoryWatcher(service);
		}
		catch (IOException | UnsupportedOperationException ex) {
			closeQuietly(service);
			// e.g. too many inotify watches: polling still works
			return new DirectoryWatcher(null);
		}
	}

	/** Whether a watch is active (otherwise only polling). */
	boolean isWatching() {
		return this.watchService != null;
	}

	/**
	 * Wait up to {@code timeoutNanos} for an event; returns early when closed.
	 * @return whether the watcher is closed
	 */
	boolean await(long timeoutNanos) throws InterruptedException {
		if (this.watchService == null) {
			return this.closed.await(timeoutNanos, TimeUnit.NANOSECONDS);
		}
		try {
			WatchKey key = this.watchService.poll(timeoutNanos, TimeUnit.NANOSECONDS);
			// drain: one rescan answers every event so far, overflow included
			while (key != null) {
				key.pollEvents();
				key.reset();
				key = this.watchService.poll();
			}
		}
		catch (ClosedWatchServiceException ex) {
			// stopping
		}
		return this.closed.getCount() == 0;
	}

	@Override
	public void close() {
		this.closed.countDown();
		closeQuietly(this.watchService);
	}

	private static void closeQuietly(@Nullable WatchService service) {
		if (service != null) {
			try {
				service.close();
			}
			catch (IOException ex) {
				// nothing held that outlives the process
			}
		}
	}

}
