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

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile peers of the gateway roles {@link ChildGatewayStormTests} leaves out: the
 * {@code stdio} {@code outbound-gateway} (our application asks its parent) and the
 * {@code process} {@code inbound-gateway} (our application answers its child), with
 * {@code headers: json} and {@code max-message-size: 4KB}.
 * <p>
 * {@code stdio} {@code outbound-gateway}: a python3 parent starts an
 * {@link InboxApplication} caller (requests from a FIFO, since its stdin carries the
 * replies), reads each request from the application's stdout and answers as the request's
 * first word says: a good reply, garbage (a length of 2^32-1 and bytes after it), a
 * length over {@code max-message-size} with 100 bytes of the payload it announces, the
 * four bad header blocks, or two replies in one write (the second unsolicited); and,
 * between requests, a reply nobody asked for. Every caller must get its own reply or an
 * error with its reason ({@code decode}, {@code oversize}), never a reply meant for
 * another request nor one nobody asked for, and the endpoint survives all of it. Last, an
 * answer cut short whose rest comes after {@code reply-timeout}: the caller gets
 * {@code timeout}, the endpoint closes stdin for good (streams.md), the late rest is
 * never read, and the next request fails at once with {@code io}.
 * <p>
 * {@code process} {@code inbound-gateway}: 24 (full: 10,000) children asking, one after
 * the other, each a shell relay to a python3 driver that lives on
 * ({@link #PROCESS_ASKING_CHILDREN}): on some lives one to three good requests written at
 * once, whose answers must each be the request's own, in order; then one hostile request
 * that ends the life (garbage, oversize, a bad header block, cut short by the end of the
 * child's stdout or by its SIGKILL). Every good request answered, every hostile one
 * counted {@code decode} or {@code oversize} and every exit {@code io}, no stack trace,
 * the log bounded, threads and descriptors back.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class ChildGatewayReverseStormTests {

	private static final int MAX_MESSAGE_SIZE = 4096;

	private static final int REPLY_TIMEOUT_MILLIS = 2_000;

	/** A caller must have its error this long after {@code reply-timeout} at most. */
	private static final long MARGIN_MILLIS = 2_000;

	/**
	 * The parent of the {@code outbound-gateway}: starts the application (its stderr,
	 * where its reports and log go, to our stdout); per line from the test: a request,
	 * written into the FIFO the application reads its requests from, whose frame it then
	 * reads from the application's stdout and answers (a request whose first word is
	 * {@code after} is expected to fail before it is written: not read);
	 * {@code !unsolicited <n>} a reply nobody asked for.
	 */
	private static final String STDIO_ANSWERING_PARENT = """
			import os, select, subprocess, sys, time
			from ipcframing import BAD_HEADERS, HEADER, frame, length_header, read_fd, split_headers, with_headers
			asks_path, late_after, command = sys.argv[1], float(sys.argv[2]), sys.argv[3:]
			child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=1)
			os.write(1, b'PEER:CHILD %d\\n' % child.pid)
			requests, answers = child.stdout.fileno(), child.stdin.fileno()
			def exactly(n):
			    return read_fd(requests, n)
			def out(data):
			    view = memoryview(data)
			    while view:
			        view = view[os.write(answers, view):]
			asks = None
			for line in sys.stdin:
			    line = line.rstrip('\\n')
			    if line.startswith('!unsolicited '):
			        out(frame(with_headers({}, b're:unsolicited-' + line.split()[1].encode())))
			        os.write(1, b'PEER:WROTE %s\\n' % line.split()[1].encode())
			        continue
			    if asks is None:
			        asks = os.open(asks_path, os.O_WRONLY)
			    os.write(asks, line.encode() + b'\\n')
			    if line.startswith('after'):
			        continue
			    head = exactly(4)
			    body = head and exactly(HEADER.unpack(head)[0])
			    if body is None:
			        os.write(1, b'PEER:NO REQUEST\\n')
			        continue
			    payload = split_headers(body)[1]
			    word = payload.split(b'-')[0]
			    reply = frame(with_headers({}, b're:' + payload))
			    if word == b'good':
			        out(reply)
			    elif word == b'twice':
			        out(reply + frame(with_headers({}, b're:' + payload + b'-again')))
			    elif word == b'garbage':
			        out(b'\\xff\\xff\\xff\\xff garbage')
			    elif word == b'oversize':
			        out(length_header(64 * 1024 * 1024) + b'x' * 100)
			    elif word == b'headers':
			        out(BAD_HEADERS[int(payload.split(b'-')[1]) % len(BAD_HEADERS)])
			    elif word == b'late':
			        out(reply[:len(reply) // 2])
			        time.sleep(late_after)
			        try:
			            out(reply[len(reply) // 2:])
			            os.write(1, b'PEER:LATE written\\n')
			        except BrokenPipeError:
			            os.write(1, b'PEER:LATE refused\\n')
			""";

	/**
	 * The children of the {@code process} {@code inbound-gateway}: each is a shell
	 * relaying its stdout from one FIFO and its stdin to another, to and from this
	 * driver, which lives on; it ends when the driver closes the first, killing itself
	 * with SIGKILL when the driver has created the file {@code dies}. Per line
	 * {@code <lives> <good-every>} it runs that many children's lives, one after the
	 * other: it waits for a child it has not had (a new pid on file), writes one to three
	 * good requests at once into its stdout on every {@code good-every}-th life and reads
	 * their answers from its stdin (saying {@code PEER:WRONG} for an answer not its
	 * request's), then one hostile request: garbage (a length of 2^32-1 and bytes after
	 * it), a length over {@code max-message-size} with 100 bytes of its payload, one of
	 * the four bad header blocks, a request cut short by the end of the child's stdout
	 * ({@code cut}; the child lives), or a request cut short and the child killed with
	 * SIGKILL ({@code die}). Then it closes its ends of the FIFOs; a hostile request ends
	 * every life (the endpoint stops a child whose request broke the framing or failed,
	 * and starts the next). {@code PEER:RAN <lives so far> <good so far>} after each
	 * line.
	 */
	private static final String PROCESS_ASKING_CHILDREN = """
			import os, select, sys, time
			from ipcframing import BAD_HEADERS, HEADER, frame, length_header, read_fd, split_headers, with_headers
			KINDS = ['garbage', 'headers-0', 'oversize', 'headers-1', 'cut', 'headers-2', 'die', 'headers-3']
			requests_path, answers_path, pid_path, dies_path = sys.argv[1:5]
			exactly = read_fd
			def new_child(last):
			    while True:
			        try:
			            pid = int(open(pid_path).read().strip() or 0)
			        except (OSError, ValueError):
			            pid = 0
			        if pid and pid != last:
			            return pid
			        time.sleep(0.001)
			pid = None
			life = good = 0
			for line in sys.stdin:
			    lives, good_every = (int(w) for w in line.split())
			    for _ in range(lives):
			        pid = new_child(pid)
			        if os.path.exists(dies_path):
			            os.unlink(dies_path)
			        req = os.open(requests_path, os.O_WRONLY)
			        ans = os.open(answers_path, os.O_RDONLY)
			        if life % good_every == 0:
			            k = 1 + (life // good_every) % 3
			            os.write(req, b''.join(frame(with_headers({}, b'good-%d' % i)) for i in range(good, good + k)))
			            for i in range(good, good + k):
			                head = exactly(ans, 4)
			                body = head and exactly(ans, HEADER.unpack(head)[0])
			                got = split_headers(body)[1] if body else b'(none)'
			                if got != b're:good-%d' % i:
			                    os.write(1, b'PEER:WRONG %d %s\\n' % (i, got[:80]))
			            good += k
			        kind = KINDS[life % len(KINDS)]
			        if kind == 'garbage':
			            os.write(req, b'\\xff\\xff\\xff\\xff garbage')
			        elif kind == 'oversize':
			            os.write(req, length_header(64 * 1024 * 1024) + b'x' * 100)
			        elif kind.startswith('headers'):
			            os.write(req, BAD_HEADERS[int(kind[-1])])
			        elif kind == 'cut':
			            os.write(req, length_header(100) + b'cut short')
			        else:
			            os.write(req, length_header(100) + b'dies')
			            open(dies_path, 'w').close()
			        os.close(req)
			        os.close(ans)
			        life += 1
			    os.write(1, b'PEER:RAN %d %d\\n' % (life, good))
			""";

	@TempDir
	Path dir;

	@Test
	void processGatewayAnswersItsChildsGoodRequestsInOrderAndCountsEveryBadOne() throws Exception {
		int lives = Reliability.scale(24, 10_000);
		int goodEvery = Reliability.scale(2, 20);
		int batch = 100;
		Path requests = this.dir.resolve("requests.fifo");
		Path answers = this.dir.resolve("answers.fifo");
		Path pid = this.dir.resolve("child.pid");
		PeerProcess.run("mkfifo", "-m", "600", requests.toString(), answers.toString());
		Path dies = this.dir.resolve("dies");
		// the answers relay in the background (its stdin from fd 3: an asynchronous
		// list's own is /dev/null); the requests relay in the foreground, so the child
		// ends when the driver closes the requests FIFO, by itself or by its own SIGKILL
		String child = "sh -c 'echo $$ > \"$2\"; exec 3<&0; cat <&3 > \"$1\" 3<&- & cat \"$0\"; "
				+ "test -e \"$3\" && kill -9 $$' " + requests + " " + answers + " " + pid + " " + dies;
		try (Inbox inbox = Inbox.start("process", child, "role=inbound-gateway", "headers=json",
				"max-message-size=" + MAX_MESSAGE_SIZE, "reconnect.initial-interval=1ms", "reconnect.max-interval=5ms");
				PeerProcess driver = PeerProcess.pythonCode(PROCESS_ASKING_CHILDREN, requests.toString(),
						answers.toString(), pid.toString(), dies.toString())) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			int good = 0;
			for (int done = 0; done < lives; done += batch) {
				int n = Math.min(batch, lives - done);
				driver.tell(n + " " + goodEvery);
				String[] ran = driver.awaitLine(PeerProcess.SAID + "RAN ", Inbox.WAIT).split(" ");
				good = Integer.parseInt(ran[2]);
				// each life: its hostile request and its child's exit
				assertThat(inbox.awaitCounts(good, 2 * (done + n), Inbox.WAIT)).as("%d lives counted", done + n)
					.isTrue();
			}
			assertThat(driver.linesSoFar()).as("every answer its own request's, in order")
				.noneMatch((l) -> l.startsWith(PeerProcess.SAID + "WRONG"));
			inbox.checkStorm("process inbound-gateway (" + lives + " hostile children)", before, start, lives, good,
					Set.of("decode", "oversize"), new Inbox.Events("io", lives,
							(line) -> line.contains("was killed by signal") || line.contains("exited with code")));
		}
	}

	@Test
	void stdioGatewayCallerGetsItsReplyOrAClearErrorFromAHostileParent() throws Exception {
		int cycles = Reliability.scale(5, 250);
		Path fifo = this.dir.resolve("requests.fifo");
		PeerProcess.run("mkfifo", "-m", "600", fifo.toString());
		List<String> args = new ArrayList<>(
				List.of(fifo.toString(), String.valueOf((REPLY_TIMEOUT_MILLIS + 1_000) / 1000.0)));
		args.addAll(Inbox.callerCommand("stdio", "-", "headers=json", "max-message-size=" + MAX_MESSAGE_SIZE,
				"reply-timeout=" + REPLY_TIMEOUT_MILLIS + "ms", "inbox.reports=stderr", "inbox.requests=" + fifo));
		List<String> kinds = List.of("garbage", "headers-0", "oversize", "headers-1", "twice", "headers-2",
				"unsolicited", "headers-3");
		Map<String, String> expected = Map.of("garbage", "decode", "oversize", "oversize", "headers", "decode");
		try (PeerProcess parent = PeerProcess.pythonCode(STDIO_ANSWERING_PARENT, args.toArray(String[]::new));
				Inbox caller = Inbox.startedBy(parent, parent)) {
			Asker asker = new Asker(caller, REPLY_TIMEOUT_MILLIS + MARGIN_MILLIS);
			asker.ask("good-first", "re:good-first");
			ProcessStats before = caller.baseline();
			long start = System.nanoTime();
			int good = 1;
			int hostile = 0;
			int unsolicited = 0;
			for (int c = 0; c < cycles; c++) {
				for (String kind : kinds) {
					String request = kind + "-" + hostile + "-" + good;
					asker.ask("good-" + good, "re:good-" + good);
					good++;
					if (kind.equals("unsolicited")) {
						// in the pipe before the next request is written: taken for its
						// reply unless the endpoint drops it
						parent.tell("!unsolicited " + unsolicited);
						parent.awaitLine(PeerProcess.SAID + "WROTE " + unsolicited, Inbox.WAIT);
						unsolicited++;
						continue;
					}
					if (kind.equals("twice")) {
						// its first reply is the answer; the second must not be taken for
						// the next request's (asked at once)
						asker.ask(request, "re:" + request);
						good++;
						unsolicited++;
						continue;
					}
					asker.fail(request, expected.get(kind.split("-")[0]));
					hostile++;
				}
			}
			asker.ask("good-last", "re:good-last");
			good++;
			Reliability.report("stdio outbound-gateway, hostile parent: " + hostile + " requests answered badly, "
					+ good + " well, " + unsolicited + " replies nobody asked for; caller's errors "
					+ caller.errorsByReason() + ", longest failed call " + asker.longestFailure() + " ms ("
					+ asker.longestKind() + ")");
			caller.checkStorm("stdio outbound-gateway (hostile parent)", before, start, hostile, good,
					Set.of("decode", "oversize"));
			// an answer cut short, its rest after reply-timeout: the caller's timeout
			// closes stdin for good
			long late = asker.fail("late-" + good, "timeout");
			assertThat(late).as("not before reply-timeout").isGreaterThanOrEqualTo(REPLY_TIMEOUT_MILLIS);
			String rest = parent.awaitLine(PeerProcess.SAID + "LATE ", Inbox.WAIT);
			long after = asker.fail("after-" + good, "io");
			Reliability
				.report("stdio outbound-gateway, hostile parent: an answer cut short, its rest late: the caller's "
						+ "timeout after " + late + " ms, the parent's late write "
						+ rest.substring(rest.indexOf(' ') + 1) + "; the next request failed with io after " + after
						+ " ms");
			assertThat(rest).as("stdin was closed: the late rest is not read").endsWith("refused");
			assertThat(after).as("at once").isLessThan(1_000);
			assertThat(caller.received()).as("no reply meant for another request, or for none")
				.noneMatch((r) -> r.contains("unsolicited") || r.endsWith("-again") || r.startsWith("re:late"));
		}
	}

}
