package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Non-Java peers (python3) following docs/wire-formats.md: a writer, a reader, and a
 * writer that crashes mid-write.
 */
class FileInteropTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@TempDir
	Path tmp;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.toClose) {
			c.close();
		}
	}

	private Path box() {
		return this.tmp.resolve("box");
	}

	private RecordingListener startReader(FileOptions options) throws Exception {
		options.setPollInterval(Duration.ofMillis(50));
		IpcServer server = new FileTransport()
			.createServer(EndpointSpec.builder("in", "file", Role.INBOUND, box().toString())
				.option(FileOptions.class, options)
				.build());
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		this.toClose.add(server);
		return listener;
	}

	@Test
	void pythonWriterFollowingTheDocumentedProtocolDeliversWithTheFileNameAsAttribute() throws Exception {
		RecordingListener listener = startReader(new FileOptions());
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "maildir_writer.py", box().toString(), "héllo",
				"world")) {
			String first = writer.awaitLine("SENT ", WAIT).substring(5);
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("héllo");
			assertThat(received.attributes().get(FileServer.FILE_NAME)).isEqualTo(first);
			assertThat(listener.next(WAIT).text()).isEqualTo("world");
		}
		assertThat(listener.errors()).isEmpty();
	}

	/** The shell recipe in docs/wire-formats.md, verbatim. */
	@Test
	void shellWriterFollowingTheDocumentedRecipeDelivers() throws Exception {
		RecordingListener listener = startReader(new FileOptions());
		String recipe = "D=\"$1\"; mkdir -p -m 700 \"$D/tmp\" \"$D/new\"\n"
				+ "name=\"$(date +%s%3N).$$_sh_1.$(hostname)\"\n"
				+ "(umask 077; printf '%s' \"hello from sh\" > \"$D/tmp/$name\")\n"
				+ "sync \"$D/tmp/$name\" && mv \"$D/tmp/$name\" \"$D/new/$name\" && sync \"$D/new\"\n";
		// fails unless it exits with 0
		PeerProcess.run("sh", "-c", recipe, "sh", box().toString());
		assertThat(listener.next(WAIT).text()).isEqualTo("hello from sh");
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void crashedWritersTemporaryFileIsRemovedOnceOlderThanStaleAfterAndNeverDelivered() throws Exception {
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "maildir_writer.py", box().toString(),
				"--crash-mid-write")) {
			writer.awaitLine("WROTE", WAIT);
			writer.kill();
		}
		Path tmpDir = box().resolve("tmp");
		assertThat(FileCrossProcessTests.entries(tmpDir)).hasSize(1);
		FileOptions options = new FileOptions();
		options.setStaleAfter(Duration.ofSeconds(1));
		RecordingListener listener = startReader(options);
		assertThat(FileCrossProcessTests.entries(tmpDir)).as("younger than stale-after: kept").hasSize(1);
		await().atMost(WAIT).until(() -> FileCrossProcessTests.isEmpty(tmpDir));
		assertThat(listener.messages()).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void pythonReaderFollowingTheDocumentedProtocolTakesWhatJavaWrote() throws Exception {
		try (IpcClient client = client(0, Duration.ofSeconds(1))) {
			client.send("from java".getBytes(StandardCharsets.UTF_8));
		}
		try (PeerProcess reader = PeerProcess.python(FilePeer.class, "maildir_reader.py", box().toString(), "1")) {
			assertThat(reader.awaitLine("TOOK ", WAIT)).endsWith(" from java");
			assertThat(reader.awaitExit(WAIT)).isZero();
		}
		assertThat(FileCrossProcessTests.entries(box().resolve("cur"))).isEmpty();
	}

	@Test
	void maxBacklogMakesASendWaitForAReaderThenFailLoudly() throws Exception {
		try (IpcClient client = client(3, Duration.ofSeconds(20))) {
			for (int i = 0; i < 3; i++) {
				client.send(("m-" + i).getBytes(StandardCharsets.UTF_8));
			}
			CompletableFuture<Void> fourth = CompletableFuture.runAsync(() -> send(client, "m-3"));
			assertThatExceptionOfType(TimeoutException.class).as("the fourth send waits for a reader")
				.isThrownBy(() -> fourth.get(300, TimeUnit.MILLISECONDS));
			try (PeerProcess reader = PeerProcess.python(FilePeer.class, "maildir_reader.py", box().toString(), "1")) {
				reader.awaitLine("TOOK ", WAIT);
				fourth.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		try (IpcClient impatient = client(3, Duration.ofMillis(200))) {
			long start = System.nanoTime();
			assertThatExceptionOfType(IpcException.class)
				.isThrownBy(() -> impatient.send("m-4".getBytes(StandardCharsets.UTF_8)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
				.withMessageContaining("max-backlog 3");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		}
		assertThat(FileCrossProcessTests.entries(box().resolve("new"))).hasSize(3);
	}

	private IpcClient client(int maxBacklog, Duration sendTimeout) {
		FileOptions options = new FileOptions();
		options.setPollInterval(Duration.ofMillis(20));
		options.setMaxBacklog(maxBacklog);
		return new FileTransport().createClient(EndpointSpec.builder("out", "file", Role.OUTBOUND, box().toString())
			.sendTimeout(sendTimeout)
			.option(FileOptions.class, options)
			.build());
	}

	private static void send(IpcClient client, String text) {
		try {
			client.send(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
