package io.ipcstarter.transport.process;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A one-way {@code process} send that overruns {@code send-timeout}: the deadline
 * watchdog aborts its connection (kills the child), and the send must fail with
 * {@code timeout} even when its frame gets written whole after the deadline, in the
 * moment before the abort lands. Before, such a send returned success although its child
 * was being killed with the frame in its pipe; under load (python children starting in
 * about the send-timeout) every send did that, each to a new child, and
 * {@code ProcessClientContractTests.sendToAPeerThatStoppedReading...} sent on for 60 s.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the child is a POSIX shell script")
class ProcessSendTimeoutTests {

	private static final Duration SEND_TIMEOUT = Duration.ofMillis(500);

	private final ProcessTransport transport = new ProcessTransport();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	/**
	 * The child hands its stdin to a background reader that starts reading only after 1 s
	 * and exits at once: the reader is no longer its descendant, so the watchdog's kill
	 * at the deadline cannot end the write, which completes when the reader drains the
	 * pipe, after the deadline. (The same order of events as a child that starts reading
	 * just as its kill is on its way, which the load made happen at random.)
	 */
	@Test
	void aSendWhoseFrameIsWrittenOnlyAfterTheWatchdogAbortedItFailsWithTimeout() throws Exception {
		IpcClient client = client(EndpointSpec
			.builder("late", "process", Role.OUTBOUND,
					"sh -c 'exec 3<&0; ( (sleep 1; exec cat <&3 >/dev/null) & ); exec sleep 30'")
			.sendTimeout(SEND_TIMEOUT)
			.build());
		// more than the pipe holds: the write blocks until the reader starts
		byte[] chunk = new byte[256 * 1024];
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(chunk))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining("send-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the write ended when the reader drained it")
			.isGreaterThanOrEqualTo(SEND_TIMEOUT);
	}

	private IpcClient client(EndpointSpec spec) {
		this.transport.validate(spec);
		IpcClient client = this.transport.createClient(spec);
		this.open.closeFirst(client);
		return client;
	}

}
