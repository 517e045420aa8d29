package io.ipcstarter.transport.file;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.sun.security.auth.module.UnixSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Hostile and broken input in the inbox: each bad entry goes to error/ with its reason,
 * is never followed or read into memory, and good messages written by a python3 peer
 * before and after it still arrive.
 */
@DisabledOnOs(OS.WINDOWS) // symbolic links and FIFOs
class FileBadInputTests {

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

	@Test
	void badEntriesGoToErrorWithTheirReasonAndGoodMessagesAroundThemArrive() throws Exception {
		Path box = this.tmp.resolve("box");
		Path secret = Files.writeString(this.tmp.resolve("secret.txt"), "outside the shared directory");
		RecordingListener listener = start(box, 3);
		writeWithPython(box, "before");
		assertThat(listener.next(WAIT).text()).isEqualTo("before");

		Path inbox = box.resolve("new");
		try (RandomAccessFile big = new RandomAccessFile(inbox.resolve(".big").toFile(), "rw")) {
			// 2 GiB, sparse: over max-message-size, must not be read
			big.setLength(2L * 1024 * 1024 * 1024 + 1);
		}
		Files.move(inbox.resolve(".big"), inbox.resolve("big"));
		Files.createSymbolicLink(inbox.resolve("link"), secret);
		Files.createSymbolicLink(inbox.resolve("dangling"), this.tmp.resolve("nowhere"));
		Files.createDirectory(inbox.resolve("adir"));
		// fails unless it exits with 0
		PeerProcess.run("mkfifo", inbox.resolve("pipe").toString());
		byte[] garbage = new byte[4096];
		new Random(7).nextBytes(garbage);
		// opaque bytes are a valid message
		Files.write(box.resolve("tmp").resolve("garbage"), garbage);
		// written by the protocol
		Files.move(box.resolve("tmp").resolve("garbage"), inbox.resolve("garbage"));

		Map<String, ErrorReason> reasons = new HashMap<>();
		for (int i = 0; i < 5; i++) {
			RecordingListener.Failure failure = listener.nextError(WAIT);
			reasons.put(failure.peer().id(), failure.reason());
		}
		assertThat(reasons).containsOnly(Map.entry("big", ErrorReason.OVERSIZE), Map.entry("link", ErrorReason.DECODE),
				Map.entry("dangling", ErrorReason.DECODE), Map.entry("adir", ErrorReason.DECODE),
				Map.entry("pipe", ErrorReason.DECODE));
		assertThat(listener.next(WAIT).payload()).isEqualTo(garbage);
		writeWithPython(box, "after");
		assertThat(listener.next(WAIT).text()).isEqualTo("after");

		Path error = box.resolve("error");
		assertThat(Files.size(error.resolve("big"))).as("moved whole, not truncated")
			.isEqualTo(2L * 1024 * 1024 * 1024 + 1);
		assertThat(Files.readString(error.resolve("big.reason"))).startsWith("reason: oversize\n")
			.contains("exceeds max-message-size");
		assertThat(Files.isSymbolicLink(error.resolve("link"))).as("the link itself was moved").isTrue();
		assertThat(Files.readString(error.resolve("link.reason"))).startsWith("reason: decode\n")
			.contains("a symbolic link");
		assertThat(Files.readString(secret)).isEqualTo("outside the shared directory");
		assertThat(Files.isDirectory(error.resolve("adir"))).isTrue();
		assertThat(Files.readString(error.resolve("pipe.reason"))).contains("special file");
		assertThat(FileCrossProcessTests.isEmpty(inbox)).isTrue();
		assertThat(FileCrossProcessTests.claimed(box)).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void unreadableFileGoesToErrorWithReasonIo() throws Exception {
		assumeThat(new UnixSystem().getUid()).as("root reads any file").isNotZero();
		Path box = this.tmp.resolve("box");
		RecordingListener listener = start(box, 3);
		Path locked = box.resolve("new").resolve("locked");
		Files.writeString(box.resolve("tmp").resolve("locked"), "secret", StandardCharsets.UTF_8);
		Files.setPosixFilePermissions(box.resolve("tmp").resolve("locked"),
				PosixFilePermissions.fromString("---------"));
		Files.move(box.resolve("tmp").resolve("locked"), locked);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.IO);
		writeWithPython(box, "after");
		assertThat(listener.next(WAIT).text()).isEqualTo("after");
		assertThat(Files.readString(box.resolve("error/locked.reason"))).startsWith("reason: io\n");
	}

	@Test
	void failingHandlerIsRetriedMaxAttemptsTimesThenTheFileGoesToError() throws Exception {
		Path box = this.tmp.resolve("box");
		int[] calls = new int[1];
		RecordingListener listener = new RecordingListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
				if (new String(payload, StandardCharsets.UTF_8).equals("poison")) {
					calls[0]++;
					throw new IllegalStateException("cannot handle poison");
				}
				super.onMessage(payload, peer, reply, attributes);
			}

		};
		IpcServer server = new FileTransport().createServer(spec(box, 2));
		server.start(listener);
		this.toClose.add(server);
		writeWithPython(box, "poison", "good");
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isEqualTo(ErrorReason.HANDLER);
		assertThat(failure.cause()).hasMessageContaining("handling failed 2 times")
			.hasMessageContaining("cannot handle poison");
		assertThat(listener.next(WAIT).text()).isEqualTo("good");
		assertThat(calls[0]).isEqualTo(2);
		assertThat(Files.readString(box.resolve("error").resolve(failure.peer().id() + ".reason")))
			.startsWith("reason: handler\n");
	}

	@Test
	void messageTheListenerCannotDecodeGoesToErrorAtOnceAsBadInput() throws Exception {
		Path box = this.tmp.resolve("box");
		int[] calls = new int[1];
		// what the Spring Integration layer throws for a bad header block (headers: json)
		RecordingListener listener = new RecordingListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
				if (new String(payload, StandardCharsets.UTF_8).equals("no header block")) {
					calls[0]++;
					throw new IpcException(ErrorReason.DECODE, "Header block length 1852776480 exceeds the limit");
				}
				super.onMessage(payload, peer, reply, attributes);
			}

		};
		IpcServer server = new FileTransport().createServer(spec(box, 3));
		server.start(listener);
		this.toClose.add(server);
		writeWithPython(box, "no header block", "good");
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isEqualTo(ErrorReason.DECODE);
		assertThat(failure.cause()).hasMessageContaining("cannot be decoded");
		assertThat(listener.next(WAIT).text()).isEqualTo("good");
		assertThat(calls[0]).as("the same bytes would fail again: not retried").isEqualTo(1);
		assertThat(Files.readString(box.resolve("error").resolve(failure.peer().id() + ".reason")))
			.startsWith("reason: decode\n");
	}

	@Test
	void inboxFolderReplacedByASymbolicLinkOutIsRefusedAtStart() throws Exception {
		Path box = Files.createDirectory(this.tmp.resolve("box"));
		Path outside = Files.createDirectory(this.tmp.resolve("outside"));
		Files.createSymbolicLink(box.resolve("new"), outside);
		IpcServer server = new FileTransport().createServer(spec(box, 3));
		this.toClose.add(server);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> server.start(new RecordingListener()))
			.withMessageContaining("new is not a directory");
	}

	private RecordingListener start(Path box, int maxAttempts) throws Exception {
		IpcServer server = new FileTransport().createServer(spec(box, maxAttempts));
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		this.toClose.add(server);
		return listener;
	}

	private static EndpointSpec spec(Path box, int maxAttempts) {
		FileOptions options = new FileOptions();
		options.setPollInterval(Duration.ofMillis(50));
		options.setMaxAttempts(maxAttempts);
		return EndpointSpec.builder("in", "file", Role.INBOUND, box.toString())
			.option(FileOptions.class, options)
			.build();
	}

	private static void writeWithPython(Path box, String... payloads) throws Exception {
		String[] args = new String[payloads.length + 1];
		args[0] = box.toString();
		System.arraycopy(payloads, 0, args, 1, payloads.length);
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "maildir_writer.py", args)) {
			assertThat(writer.awaitExit(WAIT)).isZero();
		}
	}

}
