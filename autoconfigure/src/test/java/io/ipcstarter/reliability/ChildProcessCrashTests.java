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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * <p>
 * kill -9 of <em>our</em> application (under {@code -Preliability} only): as the parent
 * of a {@code process} {@code outbound} child (python, reading slower than the
 * application sends, so that frames wait in the pipe), and as the child of a python
 * parent reading its {@code stdio} {@code outbound} endpoint; the application prints
 * {@code S <n>} once each send returned and is killed with SIGKILL at a random point.
 * Every returned send was in the pipe and must be read by the peer, which then sees the
 * end of the stream: the {@code process} child must end by itself (it reads to the end of
 * its stdin), not be left running.
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

	/**
	 * The child of the application's {@code process} {@code outbound} endpoint: puts on
	 * file its pid, the first word of each frame it reads (lagging 0.5 ms a frame, so
	 * that frames wait in the pipe), and {@code EOF} at the end of its stdin.
	 */
	private static final String PROCESS_RECEIVER = """
			import os, struct, sys, time
			log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
			os.write(log, b'PID %d\\n' % os.getpid())
			stdin = sys.stdin.buffer
			def exactly(n):
			    data = b''
			    while len(data) < n:
			        chunk = stdin.read(n - len(data))
			        if not chunk:
			            return None
			        data += chunk
			    return data
			while True:
			    head = exactly(4)
			    body = head and exactly(struct.unpack('>I', head)[0])
			    if body is None:
			        break
			    os.write(log, body.split(b' ')[0] + b'\\n')
			    time.sleep(0.0005)
			os.write(log, b'EOF\\n')
			""";

	/**
	 * The parent of an application with a {@code stdio} {@code outbound} endpoint: starts
	 * it (its stderr, where its reports go, to our stdout), puts the first word of each
	 * frame read from its stdout on file (lagging as above), and says
	 * {@code EOF <frames> <exit status>} at the end of that stdout.
	 */
	private static final String STDIO_RECEIVER = """
			import os, struct, subprocess, sys, time
			log = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
			child = subprocess.Popen(sys.argv[2:], stdout=subprocess.PIPE, stderr=1)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			frames = child.stdout
			def exactly(n):
			    data = b''
			    while len(data) < n:
			        chunk = frames.read(n - len(data))
			        if not chunk:
			            return None
			        data += chunk
			    return data
			n = 0
			while True:
			    head = exactly(4)
			    body = head and exactly(struct.unpack('>I', head)[0])
			    if body is None:
			        break
			    os.write(log, body.split(b' ')[0] + b'\\n')
			    n += 1
			    time.sleep(0.0005)
			os.write(1, b'PEER:EOF %d %d\\n' % (n, child.wait()))
			""";

	@TempDir
	Path dir;

	@Test
	void applicationKilledUnderItsProcessChildLosesNoReturnedSendAndTheChildEndsAtEndOfStdin() throws Exception {
		// no defect found; an application start each: only under -Preliability, which
		// keeps the default build's time in bounds
		assumeTrue(Reliability.FULL, "kill -9 of the application: under -Preliability");
		int count = Reliability.scale(1_000, 20_000);
		Path script = Files.writeString(this.dir.resolve("receiver.py"), PROCESS_RECEIVER);
		Path handled = this.dir.resolve("handled.log");
		try (Inbox app = Inbox.startCaller("process", Inbox.python() + " -u " + script + " " + handled, "role=outbound",
				"inbox.burst=" + count, "inbox.burst-size=500")) {
			int at = (int) (count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> app.said("S ").size() >= at);
			ProcessHandle child = ProcessHandle.of(Long.parseLong(lines(handled).get(0).substring(4))).orElseThrow();
			boolean midway = app.said("S ").size() < count;
			// the application alone, as a crash would: its child is not told
			app.process().handle().destroyForcibly();
			app.process().awaitExit(WAIT);
			long killedAt = System.nanoTime();
			boolean childEnded = waitFor(child, Duration.ofSeconds(30));
			long endMillis = (System.nanoTime() - killedAt) / 1_000_000;
			List<String> log = lines(handled);
			Tally tally = Tally.of(new HashSet<>(app.said("S ").stream().map((i) -> "m-" + i).toList()),
					log.stream().filter((l) -> l.startsWith("m-")).toList());
			Reliability.report("kill -9 application, process outbound ("
					+ (midway ? "while sending" : "after its last send") + "), " + count + " messages: " + tally
					+ "; the child "
					+ (childEnded ? "ended " + endMillis + " ms after the kill" : "still ran 30 s after the kill")
					+ (log.contains("EOF") ? ", at the end of its stdin" : ", without reaching the end of its stdin"));
			assertThat(midway).as("killed while sending").isTrue();
			assertThat(childEnded).as("the child is not left running").isTrue();
			assertThat(log).as("it read to the end of its stdin").contains("EOF");
			assertThat(tally.lost()).as("every returned send was in the pipe, and read").isZero();
			assertThat(tally.duplicates()).as("never twice").isZero();
			assertThat(tally.received() - tally.sent()).as("read but not said sent: at most the one in flight")
				.isBetween(0, 1);
		}
	}

	@Test
	void applicationKilledUnderItsStdioParentLosesNoReturnedSendAndTheParentSeesEof() throws Exception {
		// no defect found; an application start each: only under -Preliability, which
		// keeps the default build's time in bounds
		assumeTrue(Reliability.FULL, "kill -9 of the application: under -Preliability");
		int count = Reliability.scale(1_000, 20_000);
		Path received = this.dir.resolve("received.log");
		List<String> args = new ArrayList<>(List.of(received.toString()));
		args.addAll(Inbox.callerCommand("stdio", "-", "role=outbound", "inbox.burst=" + count, "inbox.burst-size=500",
				"inbox.reports=stderr"));
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_RECEIVER, args.toArray(String[]::new));
				Inbox app = Inbox.startedBy(parent, parent)) {
			int at = (int) (count * ThreadLocalRandom.current().nextDouble(0.2, 0.6));
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> app.said("S ").size() >= at);
			ProcessHandle application = ProcessHandle.of(app.pid()).orElseThrow();
			boolean midway = app.said("S ").size() < count;
			application.destroyForcibly();
			long killedAt = System.nanoTime();
			String[] eof = parent.awaitLine(PeerProcess.SAID + "EOF ", WAIT).split(" ");
			long eofMillis = (System.nanoTime() - killedAt) / 1_000_000;
			Tally tally = Tally.of(new HashSet<>(app.said("S ").stream().map((i) -> "m-" + i).toList()),
					lines(received));
			Reliability
				.report("kill -9 application, stdio outbound (" + (midway ? "while sending" : "after its last send")
						+ "), " + count + " messages: " + tally + "; the parent read " + eof[1] + " frames and saw EOF "
						+ eofMillis + " ms after the kill (exit status " + eof[2] + ")");
			assertThat(midway).as("killed while sending").isTrue();
			assertThat(tally.lost()).as("every returned send was in the pipe, and read").isZero();
			assertThat(tally.duplicates()).as("never twice").isZero();
			assertThat(tally.received() - tally.sent()).as("read but not said sent: at most the one in flight")
				.isBetween(0, 1);
		}
	}

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
