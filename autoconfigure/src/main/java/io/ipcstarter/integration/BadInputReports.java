package io.ipcstarter.integration;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BadInputLog;
import io.ipcstarter.transport.IpcThreads;

/**
 * What an inbound endpoint logs about the events its peers cause and it copes with by
 * itself ({@link IpcMessagingException#isPeerEvent()}): bad input, and the exits of a
 * {@code process} endpoint's child, each in a {@link BadInputLog} of its own (a child
 * that keeps dying does not use up the budget that shows the first bad frames). The lines
 * each log lets through are written at WARN, one line each, never a stack trace.
 * <p>
 * A summary that comes due is written on {@code ipc-reports}, a daemon thread of the
 * starter's own shared by every endpoint of the JVM, so that it appears even when the
 * events stop, and so that the starter's reporting never keeps a JVM alive: a
 * {@code stdio} application whose stdin ended exits, whatever bad input it saw (Spring
 * Integration's {@code taskScheduler}, which wrote them before, runs on threads that are
 * no daemons). When the endpoint stops, its pending summaries are cancelled and what is
 * held is written at once; the thread ends a minute after the last summary it had to
 * write.
 */
final class BadInputReports {

	private static final Log logger = LogFactory.getLog(BadInputReports.class);

	private final Bounded badInput;

	private final Bounded exits;

	BadInputReports(String endpoint) {
		this(endpoint, null);
	}

	/**
	 * @param scheduler where summaries are written; {@code null} for the shared
	 * {@code ipc-reports} thread
	 */
	BadInputReports(String endpoint, @Nullable ScheduledExecutorService scheduler) {
		this.badInput = new Bounded(new BadInputLog(endpoint), scheduler);
		this.exits = new Bounded(BadInputLog.ofChildExits(endpoint), scheduler);
	}

	/** Log the report now, or hold it for a summary. */
	void report(IpcMessagingException error) {
		(error.isBadInput() ? this.badInput : this.exits).report(error);
	}

	/** Write what is held: the endpoint stops. */
	void stop() {
		this.badInput.stop();
		this.exits.stop();
	}

	/** One bounded log and the summary it may have pending. */
	private static final class Bounded {

		private final BadInputLog log;

		private final @Nullable ScheduledExecutorService scheduler;

		private @Nullable ScheduledFuture<?> pending;

		Bounded(BadInputLog log, @Nullable ScheduledExecutorService scheduler) {
			this.log = log;
			this.scheduler = scheduler;
		}

		void report(IpcMessagingException error) {
			write(this.log.report(error.getReason(), String.valueOf(error.getMessage())));
			scheduleSummary();
		}

		void stop() {
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

		private static void write(@Nullable String line) {
			if (line != null) {
				logger.warn(line);
			}
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
