package io.ipcstarter.reliability;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.BadInputLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile peers of the two transports whose peer is a parent or a child process, against
 * an {@link InboxApplication} with {@code headers: json} and {@code max-message-size:
 * 4KB}. Every good message must arrive, every bad input be counted by reason, the log
 * stay bounded and without a stack trace, threads and descriptors come back.
 * <p>
 * {@code process}: the application's child is {@code sh -c 'cat FIFO; kill -9 $$'}, so
 * each child's life is what a python driver writes into the FIFO: good frames and frames
 * with bad header blocks (which break no framing: the child lives on), then one input
 * that ends the child: garbage (a length of 2^32-1), a length over
 * {@code max-message-size}, or a frame cut short, after which the child kills itself with
 * SIGKILL (it dies mid-frame). The endpoint stops a child whose output broke the framing
 * and starts the next one whatever {@code process.restart} says; each exit is reported
 * (reason {@code io}; logged as bad input is, one line, the first few and then a summary)
 * and a child killed by a signal is restarted by the default {@code restart: on-failure}.
 * One life at a time, in lock step with the test.
 * <p>
 * {@code stdio}: a python parent starts the application as its child and writes into its
 * stdin garbage, a length over {@code max-message-size}, and frames whose header block is
 * too short, longer than the frame, not JSON, or not strings, interleaved with good
 * frames; in lock step with the test, since after a frame that breaks the framing the
 * endpoint drops what the parent had queued behind it. Then the parent closes stdin and
 * the application must exit with 0 within seconds.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ChildProcessStormTests {

	private static final int MAX_MESSAGE_SIZE = 4096;

	/** One child's life per line read: written into the FIFO its {@code cat} reads. */
	private static final String PROCESS_STORM = """
			import os, sys
			from ipcframing import BAD_HEADERS, frame, length_header, with_headers
			ENDS = [b'\\xff\\xff\\xff\\xff garbage', length_header(64 * 1024 * 1024), length_header(100) + b'cut short']
			path, lives, hostile, good = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
			inner = hostile - lives
			sent = bad = 0
			for life in range(lives):
			    sys.stdin.readline()
			    n_bad = (life + 1) * inner // lives - life * inner // lives
			    n_good = (life + 1) * good // lives - life * good // lives
			    out = bytearray()
			    for j in range(max(n_bad, n_good)):
			        if j < n_good:
			            out += frame(with_headers({}, b'good-%d' % sent))
			            sent += 1
			        if j < n_bad:
			            out += BAD_HEADERS[bad % len(BAD_HEADERS)]
			            bad += 1
			    out += ENDS[life % len(ENDS)]
			    fd = os.open(path, os.O_WRONLY)
			    view = memoryview(bytes(out))
			    while view:
			        view = view[os.write(fd, view):]
			    os.close(fd)
			    os.write(1, b'PEER:LIFE %d %d %d\\n' % (life, sent, bad + life + 1))
			os.write(1, b'PEER:DONE %d\\n' % sent)
			""";

	/**
	 * A parent's last step: close the application's stdin and say how it exited
	 * ({@code PEER:EXIT <code> <ms>}), or {@code PEER:EXIT running} (and kill it) when it
	 * still runs {@value #EXIT_WITHIN_SECONDS} s later.
	 */
	private static final int EXIT_WITHIN_SECONDS = 10;

	private static final String EXIT = """
			import time
			child.stdin.close()
			closed = time.monotonic()
			try:
			    code = child.wait(timeout=%d)
			    os.write(1, b'PEER:EXIT %%d %%d\\n' %% (code, (time.monotonic() - closed) * 1000))
			except subprocess.TimeoutExpired:
			    os.write(1, b'PEER:EXIT running\\n')
			    child.kill()
			""".formatted(EXIT_WITHIN_SECONDS);

	/**
	 * The parent: starts the application (its stdout to ours, its stderr to ours), then
	 * one bad input per line read, good frames among them; closes its stdin on the last
	 * line and says how it exited.
	 */
	private static final String STDIO_STORM = """
			import os, subprocess, sys
			from ipcframing import BAD_HEADERS, frame, length_header, with_headers
			BAD = [b'\\xff\\xff\\xff\\xff garbage', length_header(64 * 1024 * 1024)] + BAD_HEADERS
			hostile, good, command = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=1, stderr=2)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			def write(data):
			    child.stdin.write(data)
			    child.stdin.flush()
			every = max(1, hostile // good)
			sent = 0
			for i in range(hostile):
			    sys.stdin.readline()
			    if i % every == 0 and sent < good:
			        write(frame(with_headers({}, b'good-%d' % sent)))
			        sent += 1
			    write(BAD[i % len(BAD)])
			sys.stdin.readline()
			while sent < good:
			    write(frame(with_headers({}, b'good-%d' % sent)))
			    sent += 1
			os.write(1, b'PEER:DONE %d\\n' % sent)
			sys.stdin.readline()
			""" + EXIT;

	/**
	 * The parent of an application that sees a few more bad inputs than it logs one by
	 * one (so that it holds some for a summary) and then the end of its stdin: frames
	 * with a bad header block, which break no framing, and a good one after them.
	 */
	private static final String STDIO_BAD_THEN_END = """
			import os, subprocess, sys
			from ipcframing import BAD_HEADERS, frame, length_header, with_headers
			bad, command = int(sys.argv[1]), sys.argv[2:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=1, stderr=2)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			sys.stdin.readline()
			child.stdin.write(b''.join(BAD_HEADERS[i % len(BAD_HEADERS)] for i in range(bad)))
			child.stdin.write(frame(with_headers({}, b'good')))
			child.stdin.flush()
			sys.stdin.readline()
			""" + EXIT;

	@TempDir
	Path dir;

	@Test
	void processStormLosesNoGoodFrameCountsEveryBadOneAndEveryExit() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		int lives = Reliability.scale(24, 240);
		Path fifo = this.dir.resolve("storm.fifo");
		PeerProcess.run("mkfifo", "-m", "600", fifo.toString());
		String child = "sh -c 'cat \"$0\"; kill -9 $$' " + fifo;
		try (Inbox inbox = Inbox.start("process", child, "headers=json", "max-message-size=" + MAX_MESSAGE_SIZE,
				"reconnect.initial-interval=5ms", "reconnect.max-interval=50ms")) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			try (PeerProcess storm = PeerProcess.pythonCode(PROCESS_STORM, fifo.toString(), String.valueOf(lives),
					String.valueOf(hostile), String.valueOf(good))) {
				for (int life = 0; life < lives; life++) {
					storm.tell("next");
					String[] counts = storm.awaitLine(PeerProcess.SAID + "LIFE " + life + " ", Inbox.WAIT).split(" ");
					int goodSoFar = Integer.parseInt(counts[2]);
					// the bad inputs so far and one exit per life
					int errorsSoFar = Integer.parseInt(counts[3]) + life + 1;
					assertThat(inbox.awaitCounts(goodSoFar, errorsSoFar, Inbox.WAIT))
						.as("life %d: %d good, %d errors", life, goodSoFar, errorsSoFar)
						.isTrue();
				}
				assertThat(storm.await("DONE", Inbox.WAIT)).isEqualTo(String.valueOf(good));
			}
			inbox.checkStorm("process (" + lives + " children)", before, start, hostile, good,
					Set.of("decode", "oversize"), new Inbox.Events("io", lives,
							(line) -> line.contains("was killed by signal") || line.contains("exited with code")));
		}
	}

	@Test
	void stdioStormLosesNoGoodFrameCountsEveryBadOneAndTheApplicationExitsAtEndOfInput() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		List<String> command = Inbox.command("stdio", "-", "headers=json", "max-message-size=" + MAX_MESSAGE_SIZE);
		List<String> args = new ArrayList<>(List.of(String.valueOf(hostile), String.valueOf(good)));
		args.addAll(command);
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_STORM, args.toArray(String[]::new));
				Inbox inbox = Inbox.startedBy(parent)) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			for (int i = 0; i < hostile; i++) {
				parent.tell("next");
				assertThat(inbox.awaitCounts(0, i + 1, Inbox.WAIT)).as("bad input %d counted", i).isTrue();
			}
			parent.tell("next");
			// its output carries the application's reports too: not await()
			assertThat(parent.awaitLine(PeerProcess.SAID + "DONE ", Inbox.WAIT)).endsWith(" " + good);
			assertThat(inbox.awaitCounts(good, hostile, Inbox.WAIT)).isTrue();
			inbox.checkStorm("stdio", before, start, hostile, good, Set.of("decode", "oversize"));
			parent.tell("close stdin");
			assertExitsWithZero(parent, "storm stdio");
		}
	}

	/**
	 * A {@code stdio} application that held bad input back for a summary (more than it
	 * logs one by one) still exits when its stdin ends: the starter's reporting keeps no
	 * JVM alive (its summary thread is a daemon; Spring Integration's task scheduler,
	 * which wrote the summaries before, was not, and the application ran on). What it
	 * held is written as it exits.
	 */
	@Test
	void stdioApplicationThatSawBadInputExitsWithZeroAtEndOfInput() throws Exception {
		int bad = BadInputLog.SHOWN + 2;
		List<String> args = new ArrayList<>(List.of(String.valueOf(bad)));
		args.addAll(Inbox.command("stdio", "-", "headers=json"));
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_BAD_THEN_END, args.toArray(String[]::new));
				Inbox inbox = Inbox.startedBy(parent)) {
			parent.tell("write");
			assertThat(inbox.awaitCounts(1, bad, Inbox.WAIT)).isTrue();
			assertThat(inbox.errorsByReason()).containsExactly(Map.entry("decode", bad));
			parent.tell("close stdin");
			assertExitsWithZero(parent, "stdio, " + bad + " bad inputs");
			await().atMost(Inbox.WAIT)
				.untilAsserted(
						() -> assertThat(parent.errorOutput()).as("the summary of what was held, written as it exited")
							.contains("IPC endpoint 'in': 2 more bad inputs from peers"));
		}
	}

	/**
	 * The parent closed the application's stdin: it must exit, with 0, within
	 * {@value #EXIT_WITHIN_SECONDS} s.
	 */
	private static void assertExitsWithZero(PeerProcess parent, String run) throws InterruptedException {
		String exit = parent.awaitLine(PeerProcess.SAID + "EXIT ", Inbox.WAIT)
			.substring((PeerProcess.SAID + "EXIT ").length());
		Reliability.report(run + ": end of stdin: "
				+ (exit.equals("running") ? "the application still ran " + EXIT_WITHIN_SECONDS + " s later"
						: "the application exited with " + exit.replace(" ", " after ") + " ms"));
		assertThat(exit).as("the application exits with 0 at the end of its stdin").startsWith("0 ");
	}

}
