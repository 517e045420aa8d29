package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The maildir protocol between separate JVMs: competing readers, a reader killed
 * mid-message.
 */
class FileCrossProcessTests {

	private static final Duration LONG = Duration.ofSeconds(60);

	@TempDir
	Path tmp;

	/**
	 * The point here is that claims never overlap, which fsync does not change; with
	 * fsync on, this machine's disk makes it a 40 s test (about 4 ms per message), so the
	 * writer skips it.
	 */
	@Test
	void tenThousandMessagesFromAWriterJvmToTwoCompetingReaderJvmsAreEachHandledExactlyOnce() throws Exception {
		String dir = this.tmp.resolve("box").toString();
		int count = 10_000;
		try (PeerProcess reader1 = PeerProcess.java(FilePeer.class, "read", dir);
				PeerProcess reader2 = PeerProcess.java(FilePeer.class, "read", dir)) {
			reader1.awaitLine("READY", LONG);
			reader2.awaitLine("READY", LONG);
			long start = System.nanoTime();
			try (PeerProcess writer = PeerProcess.java(FilePeer.class, "write", dir, String.valueOf(count), "m",
					"nofsync")) {
				writer.awaitLine("SENT", LONG);
				assertThat(writer.awaitExit(LONG)).isZero();
			}
			await().atMost(LONG)
				.until(() -> reader1.linesSoFar().size() + reader2.linesSoFar().size() >= count
						&& isEmpty(this.tmp.resolve("box/new")));
			long millis = (System.nanoTime() - start) / 1_000_000;
			reader1.closeInput();
			reader2.closeInput();
			List<String> lines1 = reader1.allLines(LONG);
			List<String> lines2 = reader2.allLines(LONG);
			List<String> handled = new ArrayList<>();
			for (List<String> lines : List.of(lines1, lines2)) {
				lines.stream().filter((l) -> l.startsWith("MSG ")).map((l) -> l.substring(4)).forEach(handled::add);
				assertThat(lines).filteredOn((l) -> l.startsWith("ERROR")).isEmpty();
			}
			Set<String> distinct = new HashSet<>(handled);
			System.out.printf("file: %d messages, 1 writer JVM, 2 reader JVMs: %d ms (%d + %d), duplicates %d%n", count,
					millis, count(lines1), count(lines2), handled.size() - distinct.size());
			assertThat(handled).hasSize(count);
			assertThat(distinct).hasSize(count);
			assertThat(count(lines1)).as("reader 1 took a share").isPositive();
			assertThat(count(lines2)).as("reader 2 took a share").isPositive();
			assertThat(entries(this.tmp.resolve("box/cur"))).as("claim folders removed on clean stop").isEmpty();
		}
	}

	@Test
	void readerKilledMidMessageHasItsClaimRecoveredByTheNextReader() throws Exception {
		Path box = this.tmp.resolve("box");
		try (IpcClient client = new FileTransport().createClient(FilePeer.spec(box.toString(), Role.OUTBOUND))) {
			for (int i = 0; i < 10; i++) {
				client.send(("m-" + i).getBytes(StandardCharsets.UTF_8));
			}
		}
		List<String> first;
		try (PeerProcess reader = PeerProcess.java(FilePeer.class, "read", box.toString(), "m-3")) {
			reader.awaitLine("BLOCKED m-3", LONG);
			reader.kill();
			first = messages(reader.allLines(LONG));
		}
		assertThat(first).containsExactly("m-0", "m-1", "m-2");
		assertThat(claimed(box)).as("m-3 stays claimed by the dead reader").hasSize(1);
		try (PeerProcess reader = PeerProcess.java(FilePeer.class, "read", box.toString())) {
			reader.awaitLine("READY", LONG);
			for (int i = 3; i < 10; i++) {
				reader.awaitLine("MSG m-" + i, LONG);
			}
			reader.closeInput();
			assertThat(messages(reader.allLines(LONG))).containsExactly("m-3", "m-4", "m-5", "m-6", "m-7", "m-8",
					"m-9");
		}
		assertThat(entries(box.resolve("new"))).isEmpty();
		assertThat(entries(box.resolve("cur"))).as("the dead reader's folder and lock are gone").isEmpty();
	}

	private static long count(List<String> lines) {
		return lines.stream().filter((l) -> l.startsWith("MSG ")).count();
	}

	private static List<String> messages(List<String> lines) {
		return lines.stream().filter((l) -> l.startsWith("MSG ")).map((l) -> l.substring(4)).toList();
	}

	static List<Path> claimed(Path box) throws IOException {
		try (Stream<Path> files = Files.walk(box.resolve("cur"))) {
			return files.filter(Files::isRegularFile).filter((p) -> !p.toString().endsWith(".lock")).toList();
		}
	}

	static boolean isEmpty(Path dir) throws IOException {
		return entries(dir).isEmpty();
	}

	static List<Path> entries(Path dir) throws IOException {
		try (Stream<Path> list = Files.list(dir)) {
			return list.toList();
		}
	}

}
