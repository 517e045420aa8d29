package io.ipcstarter.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PeerProcess} promises the crash tests: the lines a peer printed before it
 * was killed are all on record after {@link PeerProcess#kill()}. The crash tests count a
 * message as lost when no killed receiver printed it, so a tail of output dropped at the
 * kill reads as lost messages (it did: {@code Process.destroyForcibly()} closes the
 * parent's end of the pipes, and what the pump had not read yet was gone).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the peer is a python3 script writing to a Unix pipe")
class PeerProcessTests {

	/**
	 * Prints 0, 1, 2... as fast as it can; after each line is in the pipe, it appends the
	 * same line to a file, which survives the kill: the file's last line is the least the
	 * captured output must reach.
	 */
	private static final String COUNTER = """
			import os, sys
			record = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_APPEND)
			i = 0
			while True:
			    line = b"%d\\n" % i
			    os.write(1, line)
			    os.write(record, line)
			    i += 1
			""";

	@TempDir
	Path dir;

	@Test
	void killKeepsEverythingThePeerPrinted() throws Exception {
		for (int round = 0; round < 10; round++) {
			Path record = this.dir.resolve("record-" + round);
			PeerProcess peer = PeerProcess.pythonCode(COUNTER, record.toString());
			try {
				peer.nextLine(Duration.ofSeconds(30));
				Thread.sleep(ThreadLocalRandom.current().nextInt(5, 30));
				peer.kill();
			}
			finally {
				peer.close();
			}
			List<String> recorded = Files.readAllLines(record);
			// empty when the kill came between the first line and its record
			int last = recorded.isEmpty() ? -1 : Integer.parseInt(recorded.get(recorded.size() - 1));
			List<String> captured = peer.linesSoFar();
			assertThat(captured.size()).as("lines captured in round %d, where the peer had printed 0..%d", round, last)
				.isGreaterThan(last);
			for (int i = 0; i <= last; i++) {
				assertThat(captured.get(i)).isEqualTo(Integer.toString(i));
			}
		}
	}

}
