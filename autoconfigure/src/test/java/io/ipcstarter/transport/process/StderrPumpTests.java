package io.ipcstarter.transport.process;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child's stderr reaches the log bounded: a real python3 child writes one 10 MB line
 * without a line feed's help and 5,000 short lines; what is logged stays within the line
 * and rate bounds, and says what it left out.
 */
class StderrPumpTests {

	private static final String CHILD = """
			import sys
			sys.stderr.write('x' * (10 * 1024 * 1024) + '\\n')
			for i in range(5000):
			    sys.stderr.write('line %d\\n' % i)
			sys.stderr.write('tail without a line feed')
			""";

	@Test
	void aFloodingChildIsLoggedWithinTheBounds() throws Exception {
		Process child = new ProcessBuilder("python3", "-c", CHILD).redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		List<String> logged = new CopyOnWriteArrayList<>();
		AtomicLong clock = new AtomicLong();
		new StderrPump(child.getErrorStream(), StandardCharsets.UTF_8, logged::add, clock::get).run();
		assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(logged.get(0))
			.hasSize(StderrPump.MAX_LINE + " ... (10477568 more bytes of this line not logged)".length())
			.endsWith("(10477568 more bytes of this line not logged)");
		assertThat(logged.get(1)).isEqualTo("line 0");
		assertThat(logged).hasSize(StderrPump.LINES_PER_WINDOW + 1);
		assertThat(logged.get(logged.size() - 1))
			.isEqualTo("4902 more lines of stderr not logged (at most 100 a minute)");
	}

	@Test
	void aNewMinuteLogsAgainAfterSayingWhatWasLeftOut() throws Exception {
		AtomicLong clock = new AtomicLong();
		List<String> logged = new CopyOnWriteArrayList<>();
		StringBuilder text = new StringBuilder();
		for (int i = 0; i < 150; i++) {
			text.append("a").append(i).append('\n');
		}
		java.io.InputStream in = new java.io.SequenceInputStream(
				new java.io.ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
				new java.io.InputStream() {

					private boolean advanced;

					@Override
					public int read() {
						if (!this.advanced) {
							this.advanced = true;
							clock.addAndGet(StderrPump.WINDOW_NANOS);
							return 'b';
						}
						return -1;
					}

				});
		new StderrPump(in, StandardCharsets.UTF_8, logged::add, clock::get).run();
		assertThat(logged).hasSize(102);
		assertThat(logged.get(100)).isEqualTo("50 more lines of stderr not logged (at most 100 a minute)");
		assertThat(logged.get(101)).isEqualTo("b");
	}

}
