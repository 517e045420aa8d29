package io.ipcstarter.transport;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * A {@link BadInputLog} that writes what it lets through to a sink (a logger), and writes
 * a summary that comes due on {@code ipc-reports}, a daemon thread of the starter's own
 * shared by every endpoint of the JVM: so that the summary appears on time even when the
 * events stop, and so that the starter's reporting never keeps a JVM alive. The thread
 * ends a minute after the last summary it had to write. {@link #stop()} cancels a pending
 * summary and writes what is held at once. Thread-safe.
 */
public final class ReportedLog {

	private final BadInputLog log;

	private final Consumer<String> sink;

	private final @Nullable ScheduledExecutorService scheduler;

	private @Nullable ScheduledFuture<?> pending;

	/** Summaries on the shared {@code ipc-reports} thread. */
	public ReportedLog(BadInputLog log, Consumer<String> sink) {
		this(log, sink, null);
	}

	/**
	 * @param scheduler where summaries are written; {@code null} for the shared
	 * {@code ipc-reports} thread
	 */
	public ReportedLog(BadInputLog log, Consumer<String> sink, @Nullable ScheduledExecutorService scheduler) {
		this.log = log;
		this.sink = sink;
		this.scheduler = scheduler;
	}

	/** Write the report now, or hold it for a summary (see {@link BadInputLog}). */
	public void report(ErrorReason reason, String line) {
		write(this.log.report(reason, line));
		scheduleSummary();
	}

	/** Write what is held: the endpoint stops. */
	public void stop() {
		synchronized (this) {
			if (this.pending != null) {
				this.pending.cancel(false);
				this.pending = null;
			}
		}
		write(this.log.summary());
	}

	private synchronized void scheduleSummary() {
		long due = this.log.summaryDueInNanos();
		if (due < 0 || this.pending != null) {
			return;
		}
		try {
			ScheduledExecutorService target = (this.scheduler != null) ? this.scheduler : Scheduler.INSTANCE;
			this.pending = target.schedule(this::summarise, due, TimeUnit.NANOSECONDS);
		}
		// only a scheduler handed in can refuse: the next report or stop() writes it
		catch (RejectedExecutionException ex) {
			this.pending = null;
		}
	}

	private void summarise() {
		write(this.log.summary());
		synchronized (this) {
			this.pending = null;
		}
		scheduleSummary(); // reports held while this one was written
	}

	private void write(@Nullable String line) {
		if (line != null) {
			this.sink.accept(line);
		}
	}

	/**
	 * The {@code ipc-reports} thread, created when the first summary is held (holder
	 * idiom): a daemon, ending after a minute with nothing to write; a cancelled summary
	 * leaves nothing behind.
	 */
	private static final class Scheduler {

		static final ScheduledThreadPoolExecutor INSTANCE = IpcThreads.sharedScheduler("ipc-reports");

	}

}
