package io.ipcstarter.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * kill -9 of the peer process of the two transports whose peer is a parent or a child,
 * with what was sent, handled, lost and duplicated counted and compared with the
 * guarantee table ({@code docs/guarantees.md}).
 * <p>
 * {@code process} inbound: the application's child (python) writes numbered frames to its
 * stdout and, after each write returned, appends the message to a file; it is killed with
 * SIGKILL at random points while the application (handler 200 µs a message) lags behind
 * it. Each exit must be reported ({@code io}), the child restarted (by the default
 * {@code restart: on-failure}: a signal is a failure), and what the dead child had
 * written into the pipe is still read: nothing it sent is lost; a restarted child goes on
 * from the last message on file, so a message written but not yet on file when its child
 * died is sent again (by a new child, under another name).
 * <p>
 * {@code stdio} inbound: a python parent starts the application and writes numbered
 * frames into its stdin, printing {@code S <n>} after each write returned, and is killed
 * with SIGKILL at a random point. The application must read what was in the pipe, see its
 * end, and exit (guarantees.md: "we see EOF: the endpoint ends and, with nothing else
 * running, the application exits").
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ChildProcessCrashTests {

	private static final Duration WAIT = Inbox.WAIT;

	/** Handler time per message: the application falls behind, so messages wait. */
	private static final String HANDLER = "inbox.handler-micros=200";

	/**
	 * Frames of 200 bytes, "pid:n" and padding (a pipe holds about 320), each in one
	 * write; a message is put on file once its write returned. Then it waits for the end
	 * of its stdin, so it does not exit by itself.
	 */
	private static final String PROCESS_SENDER = """
			import os, struct, sys
			log, count = sys.argv[1], int(sys.argv[2])
			start = len(open(log).read().splitlines()) if os.path.exists(log) else 0
			fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
			pid = os.getpid()
			for i in range(start, count):
			    payload = (b'%d:%d ' % (pid, i)).ljust(200, b'.')
			    os.write(1, struct.pack('>I', len(payload)) + payload)
			    os.write(fd, b'%d:%d\\n' % (pid, i))
			sys.stdin.buffer.read()
			""";

	/**
	 * The parent: starts the application (its stdout to a file), then on a line from the
	 * test writes frames of 500 bytes ({@code n} and padding; the pipe and the endpoint's
	 * 64 KiB buffer hold some 260) into its stdin, a length and its payload in two
	 * writes, saying {@code S <n>} once both returned.
	 */
	private static final String STDIO_SENDER = """
			import os, struct, subprocess, sys
			count, out, command = int(sys.argv[1]), open(sys.argv[2], 'ab'), sys.argv[3:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=out, stderr=2)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			sys.stdin.readline()
			fd = child.stdin.fileno()
			for i in range(count):
			    payload = (b'%d ' % i).ljust(500, b'.')
			    os.write(fd, struct.pack('>I', len(payload)))
			    os.write(fd, payload)
			    os.write(1, b'S %d\\n' % i)
			os.write(1, b'PEER:DONE\\n')
			sys.stdin.readline()
			""";

	@TempDir
	Path dir;

	@Test
	void processChildKilledMidStreamIsRestartedAndWhatItWroteIsRead() throws Exception {
		int count = Reliability.scale(1_000, 20_000);
		int kills = Reliability.scale(1, 5);
		Path script = Files.writeString(this.dir.resolve("sender.py"), PROCESS_SENDER);
		Path sentLog = this.dir.resolve("sent.log");
		try (Inbox inbox = Inbox.start("process", "python3 -u " + script + " " + sentLog + " " + count, HANDLER)) {
			int killed = 0;
			Set<Long> children = new HashSet<>();
			for (int k = 1; k <= kills; k++) {
				int at = (int) (count * (k - 1 + ThreadLocalRandom.current().nextDouble(0.3, 0.9)) / (kills + 1));
				await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> inbox.receivedCount() >= at);
				ProcessHandle child = child(inbox, children).orElseThrow();
				if (lines(sentLog).size() >= count) {
					// it had written everything: a kill now is not mid-stream
					break;
				}
				child.destroyForcibly();
				assertThat(child.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
				children.add(child.pid());
				killed++;
				// the endpoint notices the exit and starts the next child
				await().atMost(WAIT).until(() -> child(inbox, children).isPresent());
			}
			await().atMost(WAIT).until(() -> lines(sentLog).size() >= count);
			inbox.awaitQuiet(Duration.ofSeconds(1));
			Set<String> sent = new HashSet<>(lines(sentLog));
			List<String> received = inbox.received().stream().map((r) -> r.substring(0, r.indexOf(' '))).toList();
			Tally tally = Tally.of(sent, received);
			Set<String> extra = new HashSet<>(received);
			extra.removeAll(sent);
			Set<String> senders = new HashSet<>();
			received.forEach((m) -> senders.add(m.substring(0, m.indexOf(':'))));
			Reliability.report("kill -9 child x" + killed + " process inbound, " + count + " messages: " + tally
					+ ", handled but not on file (written, then killed) " + extra.size() + ", children that sent "
					+ senders.size() + ", errors " + inbox.errorsByReason());
			assertThat(killed).as("children killed while sending").isPositive();
			assertThat(tally.sent()).as("every message on file, once").isEqualTo(count);
			assertThat(tally.lost()).as("what a dead child wrote is still read").isZero();
			assertThat(tally.duplicates()).as("never twice").isZero();
			assertThat(extra).as("written but not on file: at most one per kill").hasSizeLessThanOrEqualTo(killed);
			assertThat(senders).as("a new child after each kill").hasSize(killed + 1);
			assertThat(inbox.errorsByReason()).as("each exit reported, nothing else")
				.containsExactlyEntriesOf(Map.of("io", killed));
		}
	}

	@Test
	void stdioParentKilledTheApplicationReadsWhatWasSentAndExits() throws Exception {
		int count = Reliability.scale(1_000, 20_000);
		// the application's stdout: a file, read on, since it outlives the parent
		Path out = Files.createFile(this.dir.resolve("application.out"));
		List<String> args = new ArrayList<>(List.of(String.valueOf(count), out.toString()));
		args.addAll(Inbox.command("stdio", "-", HANDLER));
		long app = 0;
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_SENDER, args.toArray(String[]::new));
				PeerProcess output = PeerProcess.command("tail", "-n", "+1", "-F", out.toString());
				Inbox inbox = Inbox.startedBy(parent, output)) {
			app = inbox.pid();
			parent.tell("go");
			int at = (int) (count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> inbox.receivedCount() >= at);
			boolean midway = parent.isAlive() && sent(parent).size() < count;
			// the parent alone: its child lives on and must notice
			parent.handle().destroyForcibly();
			assertThat(parent.handle().onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
			long killedAt = System.nanoTime();
			Optional<ProcessHandle> application = ProcessHandle.of(app);
			boolean exited = application.isEmpty() || waitFor(application.get(), Duration.ofSeconds(60));
			long exitMillis = (System.nanoTime() - killedAt) / 1_000_000;
			Tally tally = Tally.of(sent(parent),
					inbox.received().stream().map((r) -> r.substring(0, r.indexOf(' '))).toList());
			Reliability
				.report("kill -9 parent stdio inbound (" + (midway ? "while sending" : "after its last send") + "), "
						+ count + " messages: " + tally + ", errors " + inbox.errorsByReason() + "; the application "
						+ (exited ? "exited " + exitMillis + " ms after the kill" : "still ran 60 s after the kill"));
			assertThat(tally.lost()).as("what the parent wrote is read after it died").isZero();
			assertThat(tally.duplicates()).as("never twice").isZero();
			assertThat(tally.received() - tally.sent()).as("handled but not said sent: at most the one in flight")
				.isBetween(0, 1);
			assertThat(inbox.errorsByReason().keySet()).as("at most a frame cut short").isSubsetOf(Set.of("decode"));
			assertThat(exited).as("the application exits once its parent is gone").isTrue();
		}
		finally {
			// an application that did not exit is an orphan now: no one else ends it
			ProcessHandle.of(app).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	/** The application's child that is not one of {@code gone}. */
	private static Optional<ProcessHandle> child(Inbox inbox, Set<Long> gone) {
		return ProcessHandle.of(inbox.pid())
			.flatMap((app) -> app.children().filter((c) -> c.isAlive() && !gone.contains(c.pid())).findFirst());
	}

	private static List<String> lines(Path file) throws java.io.IOException {
		return Files.exists(file) ? Files.readAllLines(file) : List.of();
	}

	private static Set<String> sent(PeerProcess parent) {
		Set<String> sent = new HashSet<>();
		for (String line : parent.linesSoFar()) {
			if (line.startsWith("S ")) {
				sent.add(line.substring(2));
			}
		}
		return sent;
	}

	private static boolean waitFor(ProcessHandle process, Duration timeout) {
		try {
			process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
			return true;
		}
		catch (Exception ex) {
			return !process.isAlive();
		}
	}

}
