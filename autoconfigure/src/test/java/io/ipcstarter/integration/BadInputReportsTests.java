package io.ipcstarter.integration;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.scheduling.TaskScheduler;

import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * What a report of bad input is (one line, no trace), and how an endpoint writes the
 * summary of the bad input it held back: on the application's task scheduler, once per
 * interval however many reports are held, and on stop.
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputReportsTests {

	private final TaskScheduler scheduler = mock(TaskScheduler.class);

	private final BadInputReports reports = new BadInputReports("orders");

	@Test
	void heldReportsAreSummarisedOnTheSchedulerOnce(CapturedOutput output) {
		given(this.scheduler.schedule(any(Runnable.class), any(Instant.class))).willReturn(mock(ScheduledFuture.class));
		DefaultListableBeanFactory beanFactory = new DefaultListableBeanFactory();
		beanFactory.registerSingleton(IntegrationContextUtils.TASK_SCHEDULER_BEAN_NAME, this.scheduler);
		this.reports.start(beanFactory);
		Instant before = Instant.now();
		report(16);
		assertThat(output.getAll().lines().filter(line -> line.contains("decode error: bad frame"))).hasSize(10);
		ArgumentCaptor<Runnable> summary = ArgumentCaptor.forClass(Runnable.class);
		ArgumentCaptor<Instant> at = ArgumentCaptor.forClass(Instant.class);
		verify(this.scheduler, times(1)).schedule(summary.capture(), at.capture());
		assertThat(at.getValue()).isBetween(before.plus(Duration.ofSeconds(50)), before.plus(Duration.ofSeconds(70)));
		summary.getValue().run();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 6 more bad inputs from peers")
			.contains("(decode 6)");
		verify(this.scheduler, times(1)).schedule(any(Runnable.class), any(Instant.class));
		report(2);
		this.reports.stop();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 2 more bad inputs from peers");
	}

	@Test
	void withoutASchedulerWhatIsHeldIsWrittenOnStop(CapturedOutput output) {
		this.reports.start(new DefaultListableBeanFactory());
		report(12);
		assertThat(output.getAll()).doesNotContain("more bad input");
		this.reports.stop();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 2 more bad inputs from peers");
	}

	@Test
	void badInputIsOneLineWithoutStackTraceOrCause() {
		IpcMessagingException error = IpcMessagingException.badInput("orders", ErrorReason.OVERSIZE,
				"too big from unix#3");
		assertThat(error.isBadInput()).isTrue();
		assertThat(error.getReason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(error.getStackTrace()).isEmpty();
		assertThat(error.getCause()).isNull();
		assertThat(error).hasToString(
				"io.ipcstarter.integration.IpcMessagingException: IPC endpoint 'orders' oversize error: too big from unix#3");
	}

	private void report(int count) {
		for (int i = 0; i < count; i++) {
			this.reports.report(IpcMessagingException.badInput("orders", ErrorReason.DECODE, "bad frame " + i));
		}
	}

}
