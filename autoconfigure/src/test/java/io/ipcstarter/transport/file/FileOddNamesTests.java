package io.ipcstarter.transport.file;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Files that other writers name as they like, dropped by a python3 peer into the inbox
 * ahead of 100 good messages, in both modes: a maildir name with {@code :2,FLAGS} info is
 * delivered like any other; a name with a backslash or a control character goes to error/
 * under a safe name with its reason, reported once; a file whose claim keeps failing is
 * retried with back-off and reported once. None of them stops the files behind it (issue
 * 20: one such file stranded the rest of the inbox).
 */
// such names, and a directory in the way of a rename, cannot be made there
@DisabledOnOs(OS.WINDOWS)
class FileOddNamesTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int GOOD = 100;

	/** Sorts before the good ones (epoch millis): a reader meets it first. */
	private static final String MAILDIR_INFO = "1733.M1P2.host:2,S";

	private static final String BACKSLASH = "1733.M2P2.host\\x:2,";

	private static final String CONTROL = "1733.M3P2.tab\there";

	@TempDir
	Path tmp;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.toClose) {
			c.close();
		}
	}

	@ParameterizedTest
	@EnumSource(FileMode.class)
	void maildirInfoIsDeliveredAndUnclaimableNamesGoToErrorWithoutStoppingTheFilesBehind(FileMode mode)
			throws Exception {
		Path box = this.tmp.resolve("box");
		RecordingListener listener = start(box, mode);
		long started = System.nanoTime();
		write(mode, box, MAILDIR_INFO, BACKSLASH, CONTROL);
		Set<String> good = new HashSet<>();
		String withInfo = null;
		while (good.size() < GOOD || withInfo == null) {
			RecordingListener.Received received = listener.next(WAIT);
			String name = (String) received.attributes().get(FileServer.FILE_NAME);
			if (name.equals(MAILDIR_INFO)) {
				withInfo = received.text();
			}
			else {
				assertThat(good.add(received.text())).as("delivered once: %s", name).isTrue();
			}
		}
		System.out.printf("%s: %d good messages and the maildir-info one delivered %d ms after the writer started%n",
				mode, GOOD, Duration.ofNanos(System.nanoTime() - started).toMillis());
		assertThat(withInfo).isEqualTo(MAILDIR_INFO);

		List<RecordingListener.Failure> refused = List.of(listener.nextError(WAIT), listener.nextError(WAIT));
		assertThat(refused).allSatisfy((f) -> assertThat(f.reason()).isEqualTo(ErrorReason.DECODE));
		assertThat(refused).extracting((f) -> f.peer().id())
			.containsExactlyInAnyOrder("1733.M2P2.host_x:2,", "1733.M3P2.tab_here");
		assertThat(refused.get(0).cause()).hasMessageContaining("name").hasMessageContaining("error");
		Path error = box.resolve("error");
		assertThat(Files.readString(error.resolve("1733.M2P2.host_x:2,"))).isEqualTo(BACKSLASH);
		assertThat(Files.readString(error.resolve("1733.M2P2.host_x:2,.reason"))).startsWith("reason: decode\n")
			.contains("1733.M2P2.host\\\\x:2,");
		assertThat(Files.readString(error.resolve("1733.M3P2.tab_here"))).isEqualTo(CONTROL);
		assertThat(Files.readString(error.resolve("1733.M3P2.tab_here.reason"))).contains("1733.M3P2.tab\\there");

		assertThat(listener.poll(Duration.ofSeconds(1))).as("nothing more").isNull();
		assertThat(listener.errors()).as("each refusal reported once, not once per scan").isEmpty();
		assertThat(waiting(box, mode)).isEmpty();
		assertThat(FileCrossProcessTests.claimed(box)).isEmpty();
	}

	@ParameterizedTest
	@EnumSource(FileMode.class)
	void aFileWhoseClaimKeepsFailingIsRetriedWithBackOffAndDoesNotStopTheFilesBehind(FileMode mode) throws Exception {
		Path box = this.tmp.resolve("box");
		RecordingListener listener = start(box, mode);
		// a non-empty folder where the claim would put "0-stuck": rename(2) fails with
		// EISDIR, for root too
		Path claimFolder;
		try (var entries = Files.list(box.resolve("cur"))) {
			claimFolder = entries.filter((p) -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
				.findFirst()
				.orElseThrow();
		}
		Path obstacle = Files.createDirectory(claimFolder.resolve("0-stuck"));
		Files.writeString(obstacle.resolve("keep"), "in the way");
		long started = System.nanoTime();
		write(mode, box, "0-stuck");
		Set<String> good = new HashSet<>();
		while (good.size() < GOOD) {
			assertThat(good.add(listener.next(WAIT).text())).isTrue();
		}
		System.out.printf("%s: %d good messages delivered %d ms after the writer started, one file stuck ahead%n", mode,
				GOOD, Duration.ofNanos(System.nanoTime() - started).toMillis());
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isEqualTo(ErrorReason.IO);
		assertThat(failure.peer().id()).isEqualTo("0-stuck");
		assertThat(failure.cause()).hasMessageContaining("cannot claim").hasMessageContaining("back-off");
		assertThat(listener.poll(Duration.ofSeconds(1))).isNull();
		assertThat(listener.errors()).as("reported once, however often it is retried").isEmpty();

		Files.delete(obstacle.resolve("keep"));
		Files.delete(obstacle);
		long freed = System.nanoTime();
		assertThat(listener.next(WAIT).text()).as("retried until it works").isEqualTo("0-stuck");
		System.out.printf("%s: the stuck file delivered %d ms after its obstacle was removed%n", mode,
				Duration.ofNanos(System.nanoTime() - freed).toMillis());
		assertThat(listener.errors()).isEmpty();
		assertThat(waiting(box, mode)).isEmpty();
	}

	private RecordingListener start(Path box, FileMode mode) throws Exception {
		FileOptions options = new FileOptions();
		options.setMode(mode);
		// legacy mode: the writer renames each file in
		options.setReadyWhen(ReadyWhen.RENAME);
		options.setPollInterval(Duration.ofMillis(50));
		EndpointSpec spec = EndpointSpec.builder("in", "file", Role.INBOUND, box.toString())
			.option(FileOptions.class, options)
			.build();
		IpcServer server = new FileTransport().createServer(spec);
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		this.toClose.add(server);
		return listener;
	}

	private static void write(FileMode mode, Path box, String... firstNames) throws Exception {
		List<String> args = new ArrayList<>(List.of(mode.name().toLowerCase(), box.toString(), String.valueOf(GOOD)));
		args.addAll(List.of(firstNames));
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "odd_names_writer.py",
				args.toArray(String[]::new))) {
			assertThat(writer.awaitExit(WAIT)).isZero();
		}
	}

	/**
	 * What is left for a reader: the inbox's entries other than hidden ones and our own
	 * folders.
	 */
	private static List<String> waiting(Path box, FileMode mode) throws Exception {
		Path inbox = (mode == FileMode.MAILDIR) ? box.resolve("new") : box;
		return FileCrossProcessTests.entries(inbox)
			.stream()
			.map((p) -> p.getFileName().toString())
			.filter((n) -> !n.startsWith(".") && !Set.of("cur", "done", "error", "tmp", "new").contains(n))
			.toList();
	}

}
