package io.ipcstarter.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile python peers against {@code fifo} and {@code file} inbound endpoints, each in
 * an {@link InboxApplication} of its own JVM with {@code headers: json}. Every good
 * message must arrive, every bad input be counted by reason, the log stay bounded and
 * without stack traces, threads and descriptors come back.
 * <p>
 * {@code fifo}: garbage, a length over {@code max-message-size}, a frame cut short by a
 * close, a writer killed with SIGKILL inside a frame, a header block longer than its
 * frame; each from a writer of its own, in lock step with the test (the next input goes
 * once the last was counted): all writers of a FIFO share one byte stream, and a bad
 * frame loses the frames queued behind it, which the guarantee table says (note ³) and
 * this test does not measure again. {@code file}: names with a backslash or a control
 * character, a file over {@code max-message-size}, a bad header block, a symbolic link to
 * a file outside the inbox, a FIFO and a directory dropped into {@code new/}, and files a
 * writer left in {@code tmp/} when it died before its rename; good files have maildir
 * names with {@code :} in them.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class DirectoryAndFifoStormTests {

	private static final int MAX_MESSAGE_SIZE = 4096;

	/** Five kinds of bad input in turn, each on a writer of its own. */
	private static final String FIFO_STORM = """
			import os, signal, sys
			from ipcframing import frame, length_header, with_headers, say
			path, hostile, good = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
			every = max(1, hostile // good)
			sent = 0
			def write(data):
			    fd = os.open(path, os.O_WRONLY)
			    os.write(fd, data)
			    os.close(fd)
			for i in range(hostile):
			    sys.stdin.readline()
			    if i % every == 0 and sent < good:
			        write(frame(with_headers({}, b'good-%d' % sent)))
			        sent += 1
			    k = i % 5
			    if k == 0:
			        write(b'\\xff\\xff\\xff\\xff garbage')
			    elif k == 1:
			        write(length_header(64 * 1024 * 1024))
			    elif k == 2:
			        write(length_header(100) + b'cut short')
			    elif k == 3:
			        pid = os.fork()
			        if pid == 0:
			            fd = os.open(path, os.O_WRONLY)
			            os.write(fd, length_header(100) + b'killed inside')
			            os.kill(os.getpid(), signal.SIGKILL)
			        os.waitpid(pid, 0)
			    else:
			        write(frame(b'\\x00\\x00\\x03\\xe8{}'))
			sys.stdin.readline()
			while sent < good:
			    write(frame(with_headers({}, b'good-%d' % sent)))
			    sent += 1
			say('DONE %d' % sent)
			""";

	/** Six kinds of bad entries in new/, good maildir files among them. */
	private static final String FILE_STORM = """
			import os, sys, time
			from ipcframing import with_headers, say
			root, hostile, good, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
			new, tmp = os.path.join(root, 'new'), os.path.join(root, 'tmp')
			every = max(1, hostile // good)
			sent = leftovers = 0
			def deliver(name, data):
			    t = os.path.join(tmp, name)
			    with open(t, 'wb') as f:
			        f.write(data)
			    os.rename(t, os.path.join(new, name))
			for i in range(hostile):
			    k = i % 6
			    name = 'h%06d' % i
			    if k == 0:
			        deliver(name + ('\\\\back\\\\slash' if i % 12 == 0 else '\\x01control'), with_headers({}, b'x'))
			    elif k == 1:
			        deliver(name, b'o' * (limit + 1))
			    elif k == 2:
			        deliver(name, b'\\x00\\x00\\x03\\xe8{}')
			    elif k == 3:
			        os.symlink(os.path.join(root, '..', 'secret'), os.path.join(new, name))
			    elif k == 4:
			        os.mkfifo(os.path.join(new, name), 0o600)
			    else:
			        os.mkdir(os.path.join(new, name))
			    if i % every == 0 and sent < good:
			        deliver('%d.%d_%d.storm:2,S' % (time.time(), os.getpid(), sent), with_headers({}, b'good-%d' % sent))
			        sent += 1
			    if i % 100 == 0:
			        with open(os.path.join(tmp, 'died-%d' % i), 'wb') as f:
			            f.write(b'half a mess')
			        leftovers += 1
			while sent < good:
			    deliver('%d.%d_%d.storm:2,S' % (time.time(), os.getpid(), sent), with_headers({}, b'good-%d' % sent))
			    sent += 1
			say('DONE %d' % leftovers)
			""";

	@TempDir
	Path dir;

	@Test
	void fifoStormLosesNoGoodFrameAndCountsEveryBadOne() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		Path fifo = this.dir.resolve("storm.fifo");
		try (Inbox inbox = Inbox.start("fifo", fifo.toString(), "headers=json",
				"max-message-size=" + MAX_MESSAGE_SIZE)) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			try (PeerProcess storm = PeerProcess.pythonCode(FIFO_STORM, fifo.toString(), String.valueOf(hostile),
					String.valueOf(good))) {
				for (int i = 0; i < hostile; i++) {
					storm.tell("next");
					assertThat(inbox.awaitCounts(0, i + 1, Inbox.WAIT)).as("bad input %d counted", i).isTrue();
				}
				storm.tell("next");
				storm.await("DONE", Inbox.WAIT);
			}
			assertThat(inbox.awaitCounts(good, hostile, Inbox.WAIT)).isTrue();
			inbox.checkStorm("fifo", before, start, hostile, good, Set.of("decode", "oversize"));
		}
	}

	@Test
	void fileStormLosesNoGoodFileCountsEveryBadOneAndClearsALeftoverTemporaryFile() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		Path root = this.dir.resolve("inbox");
		Path secret = Files.writeString(this.dir.resolve("secret"), "outside the inbox");
		try (Inbox inbox = Inbox.start("file", root.toString(), "headers=json", "max-message-size=" + MAX_MESSAGE_SIZE,
				"file.poll-interval=200ms", "file.stale-after=2s", "file.fsync=false")) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			int leftovers;
			try (PeerProcess storm = PeerProcess.pythonCode(FILE_STORM, root.toString(), String.valueOf(hostile),
					String.valueOf(good), String.valueOf(MAX_MESSAGE_SIZE))) {
				leftovers = Integer.parseInt(storm.await("DONE", Inbox.WAIT));
			}
			assertThat(inbox.awaitCounts(good, hostile, Inbox.WAIT)).isTrue();
			// a dead writer's temporary files are removed once stale, never delivered
			await().atMost(Duration.ofSeconds(60)).until(() -> count(root.resolve("tmp")) == 0);
			inbox.checkStorm("file", before, start, hostile, good, Set.of("decode", "oversize"));
			Reliability.report("storm file: " + leftovers
					+ " files left in tmp/ by a dead writer removed; error/ holds " + count(root.resolve("error"))
					+ " entries, new/ " + count(root.resolve("new")) + ", cur/ " + count(root.resolve("cur")));
			assertThat(count(root.resolve("new"))).as("nothing stranded in new/").isZero();
			assertThat(Files.readString(secret)).as("links not followed").isEqualTo("outside the inbox");
		}
	}

	private static long count(Path folder) throws java.io.IOException {
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.count();
		}
	}

}
