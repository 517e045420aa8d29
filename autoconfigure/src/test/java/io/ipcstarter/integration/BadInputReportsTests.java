package io.ipcstarter.integration;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.ArgumentCaptor;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * What a report of bad input or of a child's exit is (one line, no trace), and how an
 * endpoint writes the summary of what it held back: on its scheduler, once per interval
 * however many reports are held, bad input and exits each with a budget of their own, and
 * on stop, which cancels a pending summary. That the shared scheduler's thread keeps no
 * JVM alive is proven across processes ({@code ChildProcessStormTests}).
 */
@ExtendWith(OutputCaptureExtension.class)
class BadInputReportsTests {

	private final ScheduledExecutorService scheduler = mock(ScheduledExecutorService.class);

	private final ScheduledFuture<?> future = mock(ScheduledFuture.class);

	private final BadInputReports reports = new BadInputReports("orders", this.scheduler);

	@Test
	void heldReportsAreSummarisedOnTheSchedulerOnce(CapturedOutput output) {
		willSchedule();
		report(16);
		assertThat(output.getAll().lines().filter(line -> line.contains("decode error: bad frame"))).hasSize(10);
		ArgumentCaptor<Runnable> summary = ArgumentCaptor.forClass(Runnable.class);
		ArgumentCaptor<Long> in = ArgumentCaptor.forClass(Long.class);
		verify(this.scheduler, times(1)).schedule(summary.capture(), in.capture(), eq(TimeUnit.NANOSECONDS));
		assertThat(Duration.ofNanos(in.getValue())).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
		summary.getValue().run();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 6 more bad inputs from peers")
			.contains("(decode 6)");
		verify(this.scheduler, times(1)).schedule(any(Runnable.class), anyLong(), any(TimeUnit.class));
		report(2);
		this.reports.stop();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 2 more bad inputs from peers");
		verify(this.future).cancel(false);
	}

	@Test
	void childExitsAreBoundedWithABudgetOfTheirOwn(CapturedOutput output) {
		willSchedule();
		report(3);
		for (int i = 0; i < 12; i++) {
			this.reports.report(IpcMessagingException.peerExit("orders", ErrorReason.IO,
					"Endpoint 'orders': child process " + i + " was killed by signal 9; restarting it"));
		}
		assertThat(output.getAll().lines().filter(line -> line.contains("was killed by signal 9"))).hasSize(10);
		assertThat(output.getAll()).contains("(10 exits of its child process logged one by one;");
		// the exits used none of the bad input's budget
		report(7);
		assertThat(output.getAll().lines().filter(line -> line.contains("decode error: bad frame"))).hasSize(10);
		this.reports.stop();
		assertThat(output.getAll()).contains("IPC endpoint 'orders': 2 more exits of its child process in the last")
			.contains("(io 2)")
			.doesNotContain("more bad input")
			.doesNotContain("\tat ");
	}

	@Test
	void aRefusingSchedulerLeavesTheSummaryToStop(CapturedOutput output) {
		given(this.scheduler.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class)))
			.willThrow(new RejectedExecutionException("shut down"));
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
		assertThat(error.isPeerEvent()).isTrue();
		assertThat(error.getReason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(error.getStackTrace()).isEmpty();
		assertThat(error.getCause()).isNull();
		assertThat(error).hasToString(
				"io.ipcstarter.integration.IpcMessagingException: IPC endpoint 'orders' oversize error: too big from unix#3");
	}

	@Test
	void aChildsExitIsOneLineWithoutStackTraceButNoBadInput() {
		IpcMessagingException error = IpcMessagingException.peerExit("orders", ErrorReason.IO,
				"Endpoint 'orders': child process 7 exited with code 3; restarting it (restart: on-failure)");
		assertThat(error.isBadInput()).isFalse();
		assertThat(error.isPeerEvent()).isTrue();
		assertThat(error.getReason()).isEqualTo(ErrorReason.IO);
		assertThat(error.getStackTrace()).isEmpty();
		assertThat(error.getCause()).isNull();
		IpcMessagingException failure = new IpcMessagingException("orders", ErrorReason.IO, "broken",
				new IOException("broken"));
		assertThat(failure.isPeerEvent()).isFalse();
		assertThat(failure.getStackTrace()).isNotEmpty();
	}

	private void willSchedule() {
		given(this.scheduler.schedule(any(Runnable.class), anyLong(), any(TimeUnit.class)))
			.willAnswer((invocation) -> this.future);
	}

	private void report(int count) {
		for (int i = 0; i < count; i++) {
			this.reports.report(IpcMessagingException.badInput("orders", ErrorReason.DECODE, "bad frame " + i));
		}
	}

}
