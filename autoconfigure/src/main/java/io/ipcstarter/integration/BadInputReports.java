package io.ipcstarter.integration;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.scheduling.TaskScheduler;

import io.ipcstarter.transport.BadInputLog;

/**
 * What an inbound endpoint logs about its peers' bad input: the lines {@link BadInputLog}
 * lets through, one line each at WARN, never a stack trace. A summary that comes due is
 * written by the application's task scheduler (Spring Integration's
 * {@code taskScheduler}) so that it appears even when the bad input stops; without a
 * scheduler it comes with the next report; and whatever is held when the endpoint stops
 * is written then.
 */
final class BadInputReports {

	private static final Log logger = LogFactory.getLog(BadInputReports.class);

	private final BadInputLog log;

	private final AtomicBoolean summaryScheduled = new AtomicBoolean();

	private volatile @Nullable TaskScheduler scheduler;

	BadInputReports(String endpoint) {
		this.log = new BadInputLog(endpoint);
	}

	void start(BeanFactory beanFactory) {
		this.scheduler = beanFactory.containsBean(IntegrationContextUtils.TASK_SCHEDULER_BEAN_NAME)
				? beanFactory.getBean(IntegrationContextUtils.TASK_SCHEDULER_BEAN_NAME, TaskScheduler.class) : null;
	}

	/** Log the report now, or hold it for a summary. */
	void report(IpcMessagingException error) {
		String line = this.log.report(error.getReason(), String.valueOf(error.getMessage()));
		if (line != null) {
			logger.warn(line);
		}
		scheduleSummary();
	}

	/** Write what is held: the endpoint stops. */
	void stop() {
		String line = this.log.summary();
		if (line != null) {
			logger.warn(line);
		}
	}

	private void scheduleSummary() {
		long due = this.log.summaryDueInNanos();
		TaskScheduler current = this.scheduler;
		if (due < 0 || current == null || !this.summaryScheduled.compareAndSet(false, true)) {
			return;
		}
		try {
			current.schedule(this::summarise, Instant.now().plusNanos(due));
		}
		// the scheduler is shutting down: the next report or stop() writes it
		catch (RuntimeException ex) {
			this.summaryScheduled.set(false);
		}
	}

	private void summarise() {
		String line = this.log.summary();
		if (line != null) {
			logger.warn(line);
		}
		this.summaryScheduled.set(false);
		scheduleSummary(); // reports held while this one was written
	}

}
