package io.ipcstarter.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
 * Hostile peers of the gateway roles of the two transports whose peer is a parent or a
 * child process, with {@code headers: json} and {@code max-message-size: 4KB}; the
 * counterpart of {@link ChildProcessStormTests} for request and reply.
 * <p>
 * {@code process} {@code outbound-gateway}: an {@link InboxApplication} caller asks a
 * python3 child (written from wire-formats.md) which answers each request as the
 * request's first word says: a good reply, garbage (a length of 2^32-1), a length over
 * {@code max-message-size}, a reply cut short followed by its own SIGKILL, a reply whose
 * header block is too short, longer than the frame, not JSON or not strings, no reply at
 * all (it reads on and ends at the end of its stdin), no reply and ignoring both the end
 * of its stdin and SIGTERM, or two replies in one write (the second unsolicited). Every
 * caller must get its reply or a clear error with a reason ({@code decode},
 * {@code oversize}, {@code timeout}) within {@code reply-timeout} and a margin, never a
 * reply meant for another request; the good requests before and after are answered. Under
 * {@code -Preliability} only (an application start and a new child per bad answer).
 * <p>
 * {@code stdio} {@code inbound-gateway}: a python3 parent starts an
 * {@link InboxApplication} answering {@code re:<payload>} as its child and writes into
 * its stdin garbage, a length over {@code max-message-size}, the four bad header blocks,
 * and good requests, some pipelined (several written before the replies are read); in
 * lock step with the test (after a frame that breaks the framing the endpoint drops what
 * was queued behind it). Each good request must be answered, in order, with its own
 * reply; each bad one counted and not answered. Then the parent writes a request cut
 * short and closes stdin: counted {@code decode}, and the endpoint ends.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ChildGatewayStormTests {

	private static final int MAX_MESSAGE_SIZE = 4096;

	private static final int REPLY_TIMEOUT_MILLIS = 2_000;

	/**
	 * A caller must have its error this long after {@code reply-timeout} at most (a
	 * watchdog tick, killing the child, on a loaded machine): less than the default
	 * {@code shutdown-timeout} of 5 s that a polite stop of the child gives it.
	 */
	private static final long MARGIN_MILLIS = 2_000;

	/**
	 * The child of the {@code outbound-gateway}: one answer per request, as its first
	 * word says.
	 */
	private static final String HOSTILE_CHILD = """
			import os, signal, sys, time
			from ipcframing import BAD_HEADERS, HEADER, frame, length_header, split_headers, with_headers
			stdin = sys.stdin.buffer
			def exactly(n):
			    data = b''
			    while len(data) < n:
			        chunk = stdin.read(n - len(data))
			        if not chunk:
			            return None
			        data += chunk
			    return data
			def out(data):
			    view = memoryview(data)
			    while view:
			        view = view[os.write(1, view):]
			while True:
			    head = exactly(4)
			    body = head and exactly(HEADER.unpack(head)[0])
			    if body is None:
			        break
			    payload = split_headers(body)[1]
			    word = payload.split(b'-')[0]
			    if word in (b'good', b'twice'):
			        out(frame(with_headers({}, b're:' + payload)) * (2 if word == b'twice' else 1))
			    elif word == b'garbage':
			        out(b'\\xff\\xff\\xff\\xff garbage')
			    elif word == b'oversize':
			        out(length_header(64 * 1024 * 1024))
			    elif word == b'cut':
			        out(length_header(100) + b'cut short')
			        os.kill(os.getpid(), signal.SIGKILL)
			    elif word == b'headers':
			        out(BAD_HEADERS[int(payload.split(b'-')[1]) % len(BAD_HEADERS)])
			    elif word == b'stubborn':
			        signal.signal(signal.SIGTERM, signal.SIG_IGN)
			        time.sleep(3600)
			    # silent: no answer; read on
			""";

	/**
	 * The parent of the {@code inbound-gateway}: starts the application (its stderr,
	 * where its reports and log go, to our stdout), then per line: {@code good <n> <k>}
	 * writes requests good-n to good-(n+k-1) at once and reads their replies,
	 * {@code bad <i>} one bad input; {@code end} a request cut short and the end of
	 * stdin.
	 */
	private static final String STDIO_PARENT = """
			import os, select, subprocess, sys
			from ipcframing import BAD_HEADERS, HEADER, frame, length_header, read_fd, split_headers, with_headers
			BAD = [b'\\xff\\xff\\xff\\xff garbage', length_header(64 * 1024 * 1024)] + BAD_HEADERS
			child = subprocess.Popen(sys.argv[1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=1)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			replies = child.stdout.fileno()
			def exactly(n):
			    return read_fd(replies, n)
			def write(data):
			    child.stdin.write(data)
			    child.stdin.flush()
			for line in sys.stdin:
			    words = line.split()
			    if words[0] == 'good':
			        n, k = int(words[1]), int(words[2])
			        write(b''.join(frame(with_headers({}, b'good-%d' % i)) for i in range(n, n + k)))
			        for i in range(n, n + k):
			            head = exactly(4)
			            body = head and exactly(HEADER.unpack(head)[0])
			            got = split_headers(body)[1] if body else b'(none)'
			            os.write(1, b'PEER:%s %d %s\\n' % (b'OK' if got == b're:good-%d' % i else b'WRONG', i, got[:80]))
			    elif words[0] == 'bad':
			        write(BAD[int(words[1]) % len(BAD)])
			    elif words[0] == 'end':
			        write(length_header(100) + b'cut short')
			        child.stdin.close()
			        os.write(1, b'PEER:ENDED\\n')
			""";

	@TempDir
	Path dir;

	@Test
	void processGatewayCallerGetsItsReplyOrAClearErrorFromAHostileChild() throws Exception {
		// an application start and a child's per bad answer: under -Preliability, which
		// keeps the default build's time in bounds (ProcessTransportTests has the child
		// that never answers, ProcessClientContractTests oversize and failed requests)
		assumeTrue(Reliability.FULL, "hostile gateway children: under -Preliability");
		int cycles = 50;
		Path script = Files.writeString(this.dir.resolve("hostile_child.py"), HOSTILE_CHILD);
		// one cycle: every kind of bad answer but no answer at all once, a good request
		// before each
		List<String> kinds = List.of("garbage", "headers-0", "oversize", "headers-1", "cut", "headers-2", "twice",
				"headers-3");
		Map<String, String> expected = Map.of("garbage", "decode", "oversize", "oversize", "cut", "decode", "headers",
				"decode", "silent", "timeout", "stubborn", "timeout");
		List<String> plan = new ArrayList<>();
		for (int c = 1; c <= cycles; c++) {
			plan.addAll(kinds);
			if (c % 10 == 0) {
				plan.add("silent");
			}
		}
		// no answer, reading on: every tenth cycle and once more; no answer, ignoring
		// the end of stdin and SIGTERM: once (each costs a reply-timeout)
		plan.add(plan.size() / 2, "silent");
		plan.add("stubborn");
		try (Inbox caller = Inbox.startCaller("process", Inbox.python() + " -u " + script, "headers=json",
				"max-message-size=" + MAX_MESSAGE_SIZE, "reply-timeout=" + REPLY_TIMEOUT_MILLIS + "ms",
				"send-timeout=" + REPLY_TIMEOUT_MILLIS + "ms",
				"process.environment.PYTHONPATH=" + PeerProcess.pythonPeers())) {
			Asker asker = new Asker(caller, REPLY_TIMEOUT_MILLIS + MARGIN_MILLIS);
			// the first child is running when the baseline is taken
			asker.ask("good-first", "re:good-first");
			ProcessStats before = caller.baseline();
			long start = System.nanoTime();
			int good = 1;
			int hostile = 0;
			for (String kind : plan) {
				String request = kind + "-" + hostile + "-" + good;
				asker.ask("good-" + good, "re:good-" + good);
				good++;
				if (kind.equals("twice")) {
					// its first reply is the answer; the second must not be taken for the
					// next request's (asked at once)
					asker.ask(request, "re:" + request);
					good++;
					continue;
				}
				String reason = expected.get(kind.split("-")[0]);
				asker.fail(request, reason);
				hostile++;
			}
			asker.ask("good-last", "re:good-last");
			good++;
			Reliability.report("process outbound-gateway, hostile child: " + plan.size() + " requests answered badly, "
					+ good + " well; caller's errors " + caller.errorsByReason() + ", longest call "
					+ asker.longestFailure() + " ms (" + asker.longestKind() + "), reply-timeout "
					+ REPLY_TIMEOUT_MILLIS + " ms");
			caller.checkStorm("process outbound-gateway (hostile child)", before, start, hostile, good,
					Set.of("decode", "oversize", "timeout"), new Inbox.Events("", 0, exitReport()));
		}
	}

	@Test
	void stdioGatewayAnswersGoodRequestsOfAHostileParentAndCountsEveryBadOne() throws Exception {
		int hostile = Reliability.scale(100, 10_000);
		int goodEvery = 10;
		List<String> command = Inbox.command("stdio", "-", "role=inbound-gateway", "headers=json",
				"max-message-size=" + MAX_MESSAGE_SIZE, "inbox.reports=stderr");
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_PARENT, command.toArray(String[]::new));
				Inbox inbox = Inbox.startedBy(parent, parent)) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			int good = 0;
			for (int i = 0; i < hostile; i++) {
				if (i % goodEvery == 0) {
					// one to three requests written at once, then their replies read
					int k = 1 + (i / goodEvery) % 3;
					parent.tell("good " + good + " " + k);
					for (int j = good; j < good + k; j++) {
						assertThat(parent.awaitLine(PeerProcess.SAID + "OK " + j + " ", Inbox.WAIT)).as("reply %d", j)
							.isNotNull();
					}
					good += k;
				}
				parent.tell("bad " + i);
				assertThat(inbox.awaitCounts(good, i + 1, Inbox.WAIT)).as("bad input %d counted", i).isTrue();
			}
			parent.tell("good " + good + " 3");
			parent.awaitLine(PeerProcess.SAID + "OK " + (good + 2) + " ", Inbox.WAIT);
			good += 3;
			assertThat(parent.linesSoFar()).as("no reply but its own").noneMatch((l) -> l.contains("PEER:WRONG"));
			inbox.checkStorm("stdio inbound-gateway (hostile parent)", before, start, hostile, good,
					Set.of("decode", "oversize"));
			parent.tell("end");
			assertThat(inbox.awaitCounts(good, hostile + 1, Inbox.WAIT)).as("the request cut short counted").isTrue();
			await().atMost(Inbox.WAIT)
				.until(() -> inbox.threadNames().stream().noneMatch((t) -> t.startsWith("ipc-in-accept")));
			Reliability.report("storm stdio inbound-gateway: end of stdin inside a request: errors "
					+ inbox.errorsByReason() + ", the endpoint ended");
			assertThat(inbox.errorsByReason().values().stream().mapToInt(Integer::intValue).sum())
				.isEqualTo(hostile + 1);
		}
	}

	/** The first line of the report of a child's exit (not bad input; logged apart). */
	private static Predicate<String> exitReport() {
		return (line) -> line.contains("was killed by signal") || line.contains("exited with code");
	}

}
