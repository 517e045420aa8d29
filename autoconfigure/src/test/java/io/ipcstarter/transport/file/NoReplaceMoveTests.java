package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Moves in the shared directory never replace a file: putting back a dead reader's
 * claims, filing in {@code done/} and {@code error/}, claiming. A plain rename replaces
 * the target, so "check the name is free, then rename" lost a message when two readers
 * (or a reader and a writer) took one name at once.
 */
class NoReplaceMoveTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@TempDir
	Path dir;

	@Test
	void aTakenNameIsRefusedAndBothFilesAreKept() throws Exception {
		Path source = Files.writeString(this.dir.resolve("a"), "mine");
		Path target = Files.writeString(this.dir.resolve("b"), "theirs");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> NoReplaceMove.move(source, target));
		assertThat(source).hasContent("mine");
		assertThat(target).hasContent("theirs");
		NoReplaceMove.move(source, this.dir.resolve("c"));
		assertThat(this.dir.resolve("c")).hasContent("mine");
		assertThat(source).doesNotExist();
		assertThatExceptionOfType(NoSuchFileException.class).as("a source another reader took")
			.isThrownBy(() -> NoReplaceMove.move(source, this.dir.resolve("d")));
	}

	@Test
	@WindowsTest
	void onWindowsATakenNameIsRefusedAndBothFilesAreKept() throws Exception {
		// not @TempDir: its SecureRandom seeding fails now and then under Wine
		Path folder = Files
			.createDirectories(Path.of("target", "noreplace-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
				.toAbsolutePath());
		Path source = Files.writeString(folder.resolve("a"), "mine");
		Files.writeString(folder.resolve("b"), "theirs");
		Files.writeString(folder.resolve("b.1"), "theirs too");
		assertThatExceptionOfType(FileAlreadyExistsException.class)
			.isThrownBy(() -> NoReplaceMove.move(source, folder.resolve("b")));
		assertThat(SharedDirectory.moveToFreeName(source, folder, "b")).isEqualTo(folder.resolve("b.2"))
			.hasContent("mine");
		assertThat(folder.resolve("b")).hasContent("theirs");
		assertThat(folder.resolve("b.1")).hasContent("theirs too");
	}

	@Test
	void aDirectoryAndASymbolicLinkMoveAsThemselves() throws Exception {
		// refused entries (a directory, a link out of the inbox) are moved to error/ too
		Path folder = Files.createDirectory(this.dir.resolve("folder"));
		Path secret = Files.writeString(this.dir.resolve("secret"), "not a message");
		Path link = Files.createSymbolicLink(this.dir.resolve("link"), secret);
		Path error = Files.createDirectory(this.dir.resolve("error"));
		NoReplaceMove.move(folder, error.resolve("folder"));
		NoReplaceMove.move(link, error.resolve("link"));
		assertThat(error.resolve("folder")).isDirectory();
		assertThat(Files.isSymbolicLink(error.resolve("link"))).isTrue();
		assertThat(secret).hasContent("not a message");
	}

	@Test
	void aFreeNameIsTheFirstNotTakenAtTheMomentOfTheMove() throws Exception {
		Path folder = Files.createDirectory(this.dir.resolve("new"));
		Files.writeString(folder.resolve("report.csv"), "first");
		Files.writeString(folder.resolve("report.csv.1"), "second");
		Path moved = SharedDirectory.moveToFreeName(Files.writeString(this.dir.resolve("x"), "third"), folder,
				"report.csv");
		assertThat(moved).isEqualTo(folder.resolve("report.csv.2")).hasContent("third");
		assertThat(folder.resolve("report.csv")).hasContent("first");
		assertThat(folder.resolve("report.csv.1")).hasContent("second");
	}

	@Test
	void twoReadersRecoveringTheSameDeadClaimsAtOnceFromTwoProcessesLoseNone() throws Exception {
		// dead readers' folders, each holding a message of the same name (legacy and
		// foreign writers repeat names), and no lock: both readers put them back at once
		int dead = 300;
		Path root = this.dir.resolve("box");
		for (int k = 0; k < dead; k++) {
			Path folder = Files.createDirectories(root.resolve("cur").resolve("999999-dead" + k));
			Files.writeString(folder.resolve("report.csv"), "message " + k);
		}
		List<PeerProcess> readers = new ArrayList<>();
		try {
			for (int r = 0; r < 2; r++) {
				readers.add(PeerProcess.java(FilePeer.class, "recover", root.toString()));
			}
			for (PeerProcess reader : readers) {
				reader.awaitLine("READY", WAIT);
			}
			for (PeerProcess reader : readers) {
				reader.tell("go");
			}
			int recovered = 0;
			for (PeerProcess reader : readers) {
				recovered += Integer.parseInt(reader.awaitLine("RECOVERED", WAIT).substring("RECOVERED ".length()));
			}
			Set<String> contents = new HashSet<>();
			try (Stream<Path> inbox = Files.list(root.resolve("new"))) {
				for (Path file : inbox.toList()) {
					contents.add(Files.readString(file, StandardCharsets.UTF_8));
				}
			}
			assertThat(recovered).as("put back, by either reader").isEqualTo(dead);
			assertThat(contents).as("every message in new/, none replaced by another").hasSize(dead);
		}
		finally {
			for (PeerProcess reader : readers) {
				reader.close();
			}
		}
	}

}
