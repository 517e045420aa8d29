package io.ipcstarter.transport.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.transport.BadInputLog;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The exits of an outbound {@code process} endpoint's children are logged bounded (the
 * first ones one by one, then a summary per interval), and a summary that comes due is
 * written on time by the {@code ipc-reports} thread, as an inbound endpoint's is: before,
 * it came only with the next exit, which may never come. Real {@code sh} children, each
 * ending after one message; the interval is shortened to 800 ms.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the children are POSIX shell scripts")
class ProcessExitSummaryTests {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final Logger jul = Logger.getLogger("ipc.process.sum");

	private final List<String> lines = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			ProcessExitSummaryTests.this.lines.add(record.getMessage());
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	private StreamClient client;

	@AfterEach
	void close() {
		if (this.client != null) {
			this.client.close();
		}
		this.jul.removeHandler(this.handler);
	}

	@Test
	void exitsHeldForASummaryAreWrittenWhenItIsDueWithoutAnotherExit() throws Exception {
		this.jul.addHandler(this.handler);
		ProcessOptions options = new ProcessOptions();
		options.setRestart(Restart.ALWAYS);
		EndpointSpec spec = EndpointSpec.builder("sum", "process", Role.OUTBOUND, "sh -c 'read line; exit 3'")
			.framing(Framing.LINE)
			.poolSize(1)
			.option(ProcessOptions.class, options)
			.build();
		this.client = new StreamClient(spec, new ProcessConnector(spec, CommandLine.split(spec.address()), options,
				BadInputLog.ofChildExits("sum", 2, Duration.ofMillis(800), System::nanoTime)));
		// each send meets the previous child gone (reported then) and starts the next
		for (int i = 0; i < 5; i++) {
			this.client.send(("m" + i).getBytes(StandardCharsets.UTF_8));
			await().atMost(WAIT).until(() -> ProcessHandle.current().children().noneMatch(this::isOurChild));
		}
		assertThat(this.lines).filteredOn((line) -> line.contains("exited with code 3") && !line.contains("more exits"))
			.hasSize(2);
		// no further exit: the summary of the two held must come by itself
		await().atMost(WAIT)
			.until(() -> this.lines.stream().anyMatch((line) -> line.contains("2 more exits of its child process")));
		assertThat(this.lines).filteredOn((line) -> line.contains("more exits"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("(io 2)").contains("exited with code 3"));
	}

	private boolean isOurChild(ProcessHandle handle) {
		return handle.isAlive() && handle.info().commandLine().map((c) -> c.contains("read line")).orElse(false);
	}

}
