package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fault injection: python3 writers and two Java reader JVMs on one directory,
 * {@code kill -9} at random moments (50+ kills), then a clean reader finishes. Nothing a
 * writer reported as sent is lost, nothing is seen torn, and duplicates stay within the
 * at-least-once rule (at most one per killed reader, which handles one message at a
 * time). Long: runs in the {@code soak} profile
 * ({@code mvn verify -pl autoconfigure -Psoak}).
 */
@Tag("soak")
class FileFaultInjectionTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int WRITER_KILLS = 45;

	private static final int READER_KILL_EVERY = 3;

	@TempDir
	Path tmp;

	@Test
	void killingWritersAndReadersAtRandomLosesNothingAndTearsNothing() throws Exception {
		Path box = this.tmp.resolve("box");
		Random random = new Random(Long.getLong("seed", System.nanoTime()));
		Set<String> committed = new HashSet<>();
		List<PeerProcess> everyReader = new ArrayList<>();
		PeerProcess[] readers = { reader(box, everyReader), reader(box, everyReader) };
		int readerKills = 0;
		for (int round = 0; round < WRITER_KILLS; round++) {
			try (PeerProcess writer = PeerProcess.python(FilePeer.class, "maildir_writer.py", box.toString(),
					"--forever", "w" + round)) {
				awaitSent(writer, random.nextInt(8));
				// while the writer writes, so the reader is mid-message
				if (round % READER_KILL_EVERY == 0) {
					int victim = random.nextInt(2);
					readers[victim].kill();
					readerKills++;
					readers[victim] = reader(box, everyReader);
				}
				awaitSent(writer, random.nextInt(8));
				writer.kill();
				writer.linesSoFar()
					.stream()
					.filter((l) -> l.startsWith("SENT "))
					.forEach((l) -> committed.add(l.substring(5)));
			}
		}
		Map<String, Integer> seen = new HashMap<>();
		await().atMost(WAIT)
			.until(() -> delivered(everyReader, seen).keySet().containsAll(committed)
					&& FileCrossProcessTests.isEmpty(box.resolve("new"))
					&& FileCrossProcessTests.claimed(box).isEmpty());
		for (PeerProcess reader : readers) {
			reader.closeInput();
			reader.allLines(WAIT);
		}
		int torn = 0;
		int duplicates = 0;
		seen.clear();
		for (PeerProcess reader : everyReader) {
			for (String line : reader.linesSoFar()) {
				if (!line.startsWith("MSG ")) {
					continue;
				}
				String[] parts = line.substring(4).split(":", 3);
				if (parts.length != 3 || !sha256(parts[2]).equals(parts[1])) {
					torn++;
				}
				if (seen.merge(parts[0], 1, Integer::sum) > 1) {
					duplicates++;
				}
			}
		}
		Set<String> lost = new HashSet<>(committed);
		lost.removeAll(seen.keySet());
		Set<String> unreported = new HashSet<>(seen.keySet());
		unreported.removeAll(committed);
		int tmpLeftovers = FileCrossProcessTests.entries(box.resolve("tmp")).size();
		System.out.printf("file fault injection: %d kills (%d writers, %d readers); %d messages reported sent, %d "
				+ "delivered, %d lost, %d torn, %d duplicates, %d delivered whose writer died before reporting, "
				+ "%d half-written tmp/ files left for stale-after%n", WRITER_KILLS + readerKills, WRITER_KILLS,
				readerKills, committed.size(), seen.size(), lost.size(), torn, duplicates, unreported.size(),
				tmpLeftovers);
		assertThat(WRITER_KILLS + readerKills).isGreaterThanOrEqualTo(50);
		assertThat(lost).isEmpty();
		assertThat(torn).isZero();
		assertThat(duplicates).as("at most one per killed reader").isLessThanOrEqualTo(readerKills);
		assertThat(unreported.size()).as("at most the one in flight per killed writer")
			.isLessThanOrEqualTo(WRITER_KILLS);
		assertThat(tmpLeftovers).isLessThanOrEqualTo(WRITER_KILLS);
	}

	private static PeerProcess reader(Path box, List<PeerProcess> all) throws Exception {
		PeerProcess reader = PeerProcess.java(FilePeer.class, "read", box.toString());
		all.add(reader);
		reader.awaitLine("READY", WAIT);
		return reader;
	}

	private static void awaitSent(PeerProcess writer, int count) throws InterruptedException {
		for (int i = 0; i < count; i++) {
			writer.awaitLine("SENT ", WAIT);
		}
	}

	private static Map<String, Integer> delivered(List<PeerProcess> readers, Map<String, Integer> into) {
		into.clear();
		for (PeerProcess reader : readers) {
			for (String line : reader.linesSoFar()) {
				if (line.startsWith("MSG ")) {
					into.merge(line.substring(4, line.indexOf(':')), 1, Integer::sum);
				}
			}
		}
		return into;
	}

	private static String sha256(String text) throws Exception {
		return HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
	}

}
