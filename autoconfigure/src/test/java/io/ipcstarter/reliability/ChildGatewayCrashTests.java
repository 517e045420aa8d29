package io.ipcstarter.reliability;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
 * kill -9 of either side of a {@code stdio} gateway while a request is in hand, compared
 * with the guarantee table ({@code docs/guarantees.md}). Under {@code -Preliability} only
 * (an application start each).
 * <p>
 * Our application killed (SIGKILL) under its python parent: as an {@code inbound-gateway}
 * inside its handler (the parent must see the end of the application's stdout and no byte
 * of a reply), and while writing a reply larger than the pipe holds (the parent must see
 * the reply's first bytes and then the end: a frame cut short, which its framing tells
 * from a whole one); as an {@code outbound-gateway} waiting for the parent's answer (the
 * parent has the request whole; its answer's write fails, and it sees the end of the
 * application's stdout).
 * <p>
 * The parent killed (SIGKILL) while our {@code outbound-gateway} waits for its answer
 * ({@code reply-timeout: 30s}): the caller must get {@code io} at once, not at
 * {@code reply-timeout}; the next request fails at once with {@code io} (stdin is
 * closed); the application runs on (its own main thread reads its requests) and exits
 * when that ends.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ChildGatewayCrashTests {

	private static final Duration WAIT = Inbox.WAIT;

	private static final int REPLY_TIMEOUT_MILLIS = 30_000;

	/**
	 * The parent of an {@code inbound-gateway}: starts the application (its stderr to our
	 * stdout), and on a line from the test writes one request of {@code size} bytes; it
	 * then reads the reply's 4-byte length, saying {@code HEAD <length>} (or
	 * {@code EOF 0 none} if the application's stdout ends first), and on the next line
	 * reads on to the end, saying {@code EOF <reply bytes read> <whole|cut>}.
	 */
	private static final String ASKING_PARENT = """
			import os, subprocess, sys, time
			from ipcframing import HEADER, frame
			size, command = int(sys.argv[1]), sys.argv[2:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=1)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			replies = child.stdout.fileno()
			def read_to_end(limit):
			    data = b''
			    while len(data) < limit:
			        chunk = os.read(replies, min(65536, limit - len(data)))
			        if not chunk:
			            break
			        data += chunk
			    return data
			sys.stdin.readline()
			child.stdin.write(frame(b'ask ' + b'.' * (size - 4)))
			child.stdin.flush()
			os.write(1, b'PEER:ASKED\\n')
			head = read_to_end(4)
			if len(head) < 4:
			    os.write(1, b'PEER:EOF %d none\\n' % len(head))
			    sys.exit(0)
			length = HEADER.unpack(head)[0]
			os.write(1, b'PEER:HEAD %d\\n' % length)
			sys.stdin.readline()
			body = read_to_end(length + 1)
			rest = read_to_end(1)
			os.write(1, b'PEER:EOF %d %s\\n' % (len(body), b'whole' if len(body) == length and not rest else b'cut'))
			""";

	/**
	 * The parent of an {@code outbound-gateway}: starts the application (its stderr to
	 * our stdout, or to the file named by the first argument, when not {@code -}); per
	 * line {@code ask <request>} writes the request into the FIFO the application reads
	 * its requests from (the second argument) and reads its frame from the application's
	 * stdout ({@code GOT <payload>}); {@code answer} then writes the answer
	 * ({@code ANSWER written} or {@code ANSWER refused}) and reads on to the end of the
	 * application's stdout ({@code EOF <bytes> <exit status>}); {@code silent} answers
	 * nothing and waits.
	 */
	private static final String ANSWERING_PARENT = """
			import os, subprocess, sys, time
			from ipcframing import HEADER, frame
			err, asks_path, command = sys.argv[1], sys.argv[2], sys.argv[3:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
			                         stderr=1 if err == '-' else open(err, 'ab'))
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			requests = child.stdout.fileno()
			def exactly(n):
			    data = b''
			    while len(data) < n:
			        chunk = os.read(requests, n - len(data))
			        if not chunk:
			            return None
			        data += chunk
			    return data
			asks = None
			payload = b''
			for line in sys.stdin:
			    words = line.split()
			    if words[0] == 'ask':
			        if asks is None:
			            asks = os.open(asks_path, os.O_WRONLY)
			        os.write(asks, words[1].encode() + b'\\n')
			        head = exactly(4)
			        payload = head and exactly(HEADER.unpack(head)[0])
			        os.write(1, b'PEER:GOT %s\\n' % (payload or b'(none)'))
			    elif words[0] == 'answer':
			        try:
			            child.stdin.write(frame(b're:' + (payload or b'')))
			            child.stdin.flush()
			            os.write(1, b'PEER:ANSWER written\\n')
			        except BrokenPipeError:
			            os.write(1, b'PEER:ANSWER refused\\n')
			        rest = b''
			        while True:
			            chunk = os.read(requests, 65536)
			            if not chunk:
			                break
			            rest += chunk
			        os.write(1, b'PEER:EOF %d %d\\n' % (len(rest), child.wait()))
			""";

	@TempDir
	Path dir;

	@Test
	void inboundGatewayKilledInItsHandlerLeavesItsParentTheEndOfItsStdoutAndNoReply() throws Exception {
		assumeTrue(Reliability.FULL, "kill -9 of the application: under -Preliability");
		List<String> args = new ArrayList<>(List.of("100"));
		// 30 s in the handler: it is inside it when killed
		args.addAll(Inbox.command("stdio", "-", "role=inbound-gateway", "inbox.reports=stderr",
				"inbox.handler-micros=30000000"));
		try (PeerProcess parent = PeerProcess.pythonCode(ASKING_PARENT, args.toArray(String[]::new));
				Inbox app = Inbox.startedBy(parent, parent)) {
			parent.tell("ask");
			await().atMost(WAIT).until(() -> !app.received().isEmpty());
			long killedAt = kill(app);
			String eof = parent.awaitLine(PeerProcess.SAID + "EOF ", WAIT);
			long eofMillis = (System.nanoTime() - killedAt) / 1_000_000;
			Reliability.report("kill -9 application, stdio inbound-gateway, inside its handler: the parent saw "
					+ eof.substring(PeerProcess.SAID.length()) + " (bytes of a reply before the end) " + eofMillis
					+ " ms after the kill");
			assertThat(eof).as("the end of stdout, no byte of a reply").isEqualTo(PeerProcess.SAID + "EOF 0 none");
		}
	}

	@Test
	void inboundGatewayKilledWritingItsReplyLeavesItsParentAFrameCutShort() throws Exception {
		assumeTrue(Reliability.FULL, "kill -9 of the application: under -Preliability");
		// a reply of 512 KiB: more than the pipe (64 KiB) and the endpoint's buffer hold,
		// so the application is inside its write while the parent reads nothing
		int size = 512 * 1024;
		List<String> args = new ArrayList<>(List.of(String.valueOf(size)));
		args.addAll(
				Inbox.command("stdio", "-", "role=inbound-gateway", "inbox.reports=stderr", "max-message-size=1MB"));
		try (PeerProcess parent = PeerProcess.pythonCode(ASKING_PARENT, args.toArray(String[]::new));
				Inbox app = Inbox.startedBy(parent, parent)) {
			parent.tell("ask");
			String head = parent.awaitLine(PeerProcess.SAID + "HEAD ", WAIT);
			assertThat(head).isEqualTo(PeerProcess.SAID + "HEAD " + (size + 3));
			// inside the write of the reply's payload, blocked on the full pipe (the
			// length may have gone out in a write of its own)
			await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> writingToAPipe(app.pid()));
			long killedAt = kill(app);
			parent.tell("read on");
			String eof = parent.awaitLine(PeerProcess.SAID + "EOF ", WAIT);
			long eofMillis = (System.nanoTime() - killedAt) / 1_000_000;
			String[] words = eof.split(" ");
			Reliability.report("kill -9 application, stdio inbound-gateway, writing a reply of " + (size + 3)
					+ " bytes: the parent read " + words[1] + " of them, then the end (" + words[2] + ") " + eofMillis
					+ " ms after the kill");
			assertThat(words[2]).as("a reply cut short, told from a whole one by its length").isEqualTo("cut");
			assertThat(Integer.parseInt(words[1])).as("what was in the pipe is read").isPositive().isLessThan(size + 3);
		}
	}

	@Test
	void outboundGatewayKilledWaitingForItsAnswerLeavesItsParentAnAnswerRefusedAndTheEnd() throws Exception {
		assumeTrue(Reliability.FULL, "kill -9 of the application: under -Preliability");
		Path fifo = this.dir.resolve("requests.fifo");
		PeerProcess.run("mkfifo", "-m", "600", fifo.toString());
		List<String> args = new ArrayList<>(List.of("-", fifo.toString()));
		args.addAll(Inbox.callerCommand("stdio", "-", "reply-timeout=" + REPLY_TIMEOUT_MILLIS + "ms",
				"inbox.reports=stderr", "inbox.requests=" + fifo));
		try (PeerProcess parent = PeerProcess.pythonCode(ANSWERING_PARENT, args.toArray(String[]::new));
				Inbox app = Inbox.startedBy(parent, parent)) {
			parent.tell("ask waiting-1");
			assertThat(parent.awaitLine(PeerProcess.SAID + "GOT ", WAIT)).as("the request whole")
				.isEqualTo(PeerProcess.SAID + "GOT waiting-1");
			long killedAt = kill(app);
			parent.tell("answer");
			String answer = parent.awaitLine(PeerProcess.SAID + "ANSWER ", WAIT);
			String[] eof = parent.awaitLine(PeerProcess.SAID + "EOF ", WAIT).split(" ");
			long eofMillis = (System.nanoTime() - killedAt) / 1_000_000;
			Reliability.report("kill -9 application, stdio outbound-gateway, waiting for its answer: the parent had "
					+ "the request whole, its answer " + answer.substring(answer.indexOf(' ') + 1) + ", then " + eof[1]
					+ " more bytes and the end " + eofMillis + " ms after the kill (exit status " + eof[2] + ")");
			assertThat(answer).as("no reader of the answer").endsWith("refused");
			assertThat(eof[1]).as("nothing after the request").isEqualTo("0");
		}
	}

	@Test
	void parentKilledWhileOutboundGatewayWaitsFailsTheCallAtOnceAndLaterOnesToo() throws Exception {
		assumeTrue(Reliability.FULL, "kill -9 of the parent: under -Preliability");
		Path fifo = this.dir.resolve("requests.fifo");
		PeerProcess.run("mkfifo", "-m", "600", fifo.toString());
		// the application's reports and log: a file, read on, since it outlives the
		// parent
		Path out = Files.createFile(this.dir.resolve("application.err"));
		List<String> args = new ArrayList<>(List.of(out.toString(), fifo.toString()));
		args.addAll(Inbox.callerCommand("stdio", "-", "reply-timeout=" + REPLY_TIMEOUT_MILLIS + "ms",
				"inbox.reports=stderr", "inbox.requests=" + fifo));
		long pid = 0;
		try (PeerProcess parent = PeerProcess.pythonCode(ANSWERING_PARENT, args.toArray(String[]::new));
				PeerProcess output = PeerProcess.command("tail", "-n", "+1", "-F", out.toString());
				Inbox app = Inbox.startedBy(parent, output)) {
			pid = app.pid();
			parent.tell("ask waiting-1");
			assertThat(parent.awaitLine(PeerProcess.SAID + "GOT ", WAIT)).isEqualTo(PeerProcess.SAID + "GOT waiting-1");
			parent.handle().destroyForcibly();
			long killedAt = System.nanoTime();
			String first = app.process()
				.awaitLine((l) -> l.startsWith(PeerProcess.SAID + "R ") || l.startsWith(PeerProcess.SAID + "E "),
						"the caller's outcome", WAIT);
			long failedMillis = (System.nanoTime() - killedAt) / 1_000_000;
			// the next request, from the test: the parent is gone
			long after;
			try (OutputStream requests = Files.newOutputStream(fifo)) {
				requests.write("after-1\n".getBytes(StandardCharsets.UTF_8));
				requests.flush();
				await().atMost(WAIT).until(() -> app.said("MS ").size() >= 2);
				after = Long.parseLong(app.said("MS ").get(1));
			}
			// the parent's end of the FIFO and ours are closed: its requests end
			boolean exited = ProcessHandle.of(pid).map((p) -> waitFor(p, Duration.ofSeconds(60))).orElse(true);
			List<String> outcomes = app.said("E ");
			Reliability.report("kill -9 parent of a stdio outbound-gateway waiting for an answer (reply-timeout "
					+ REPLY_TIMEOUT_MILLIS + " ms): the caller got " + first.substring(PeerProcess.SAID.length()) + " "
					+ failedMillis + " ms after the kill; the next request "
					+ outcomes.subList(Math.min(1, outcomes.size()), outcomes.size()) + " after " + after
					+ " ms; the application "
					+ (exited ? "exited once its requests ended" : "still ran 60 s after its requests ended"));
			assertThat(first).as("an error, with its reason").isEqualTo(PeerProcess.SAID + "E io");
			assertThat(failedMillis).as("at once, not at reply-timeout").isLessThan(5_000);
			assertThat(outcomes).as("the next request fails too").containsExactly("io", "io");
			assertThat(after).as("at once").isLessThan(1_000);
			assertThat(exited).as("it exits when its own work ends").isTrue();
		}
		finally {
			// an application that did not exit is an orphan now: no one else ends it
			ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
		}
	}

	/**
	 * Kill the application with SIGKILL and wait until it is dead: a zombie (its parent
	 * reaps it later; {@link ProcessHandle} counts a zombie as alive) or gone.
	 * @return when it was killed
	 */
	private static long kill(Inbox app) {
		ProcessHandle.of(app.pid()).orElseThrow().destroyForcibly();
		long at = System.nanoTime();
		Path stat = Path.of("/proc", Long.toString(app.pid()), "stat");
		await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
			try {
				String line = Files.readString(stat);
				return line.substring(line.lastIndexOf(')') + 2).startsWith("Z");
			}
			catch (java.io.IOException ex) {
				return true;
			}
		});
		return at;
	}

	/** Whether a thread of the process waits inside a write to a pipe. */
	private static boolean writingToAPipe(long pid) throws java.io.IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			return tasks.anyMatch((task) -> {
				try {
					return Files.readString(task.resolve("wchan")).contains("pipe_write");
				}
				catch (java.io.IOException ex) {
					return false;
				}
			});
		}
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
