package io.ipcstarter.integration;

import java.util.concurrent.ScheduledExecutorService;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BadInputLog;
import io.ipcstarter.transport.ReportedLog;

/**
 * What an inbound endpoint logs about the events its peers cause and it copes with by
 * itself ({@link IpcMessagingException#isPeerEvent()}): bad input, and the exits of a
 * {@code process} endpoint's child, each in a {@link BadInputLog} of its own (a child
 * that keeps dying does not use up the budget that shows the first bad frames). The lines
 * each log lets through are written at WARN, one line each, never a stack trace.
 * <p>
 * A summary that comes due is written on {@code ipc-reports} ({@link ReportedLog}), a
 * daemon thread of the starter's own shared by every endpoint of the JVM, so that it
 * appears even when the events stop, and so that the starter's reporting never keeps a
 * JVM alive: a {@code stdio} application whose stdin ended exits, whatever bad input it
 * saw (Spring Integration's {@code taskScheduler}, which wrote them before, runs on
 * threads that are no daemons). When the endpoint stops, its pending summaries are
 * cancelled and what is held is written at once; the thread ends a minute after the last
 * summary it had to write.
 */
final class BadInputReports {

	private static final Log logger = LogFactory.getLog(BadInputReports.class);

	private final ReportedLog badInput;

	private final ReportedLog exits;

	BadInputReports(String endpoint) {
		this(endpoint, null);
	}

	/**
	 * @param scheduler where summaries are written; {@code null} for the shared
	 * {@code ipc-reports} thread
	 */
	BadInputReports(String endpoint, @Nullable ScheduledExecutorService scheduler) {
		this.badInput = new ReportedLog(new BadInputLog(endpoint), logger::warn, scheduler);
		this.exits = new ReportedLog(BadInputLog.ofChildExits(endpoint), logger::warn, scheduler);
	}

	/** Log the report now, or hold it for a summary. */
	void report(IpcMessagingException error) {
		(error.isBadInput() ? this.badInput : this.exits).report(error.getReason(), String.valueOf(error.getMessage()));
	}

	/** Write what is held: the endpoint stops. */
	void stop() {
		this.badInput.stop();
		this.exits.stop();
	}

}
