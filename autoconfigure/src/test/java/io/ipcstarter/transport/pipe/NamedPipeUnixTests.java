package io.ipcstarter.transport.pipe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.nativeapi.posix.PosixUsers;
import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code named-pipe} on Linux/macOS: a Unix domain socket at the documented per-user
 * path, reached by python3 and by a second JVM; bad input from python3.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the Unix-socket form of named pipes")
class NamedPipeUnixTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final NamedPipeTransport transport = new NamedPipeTransport();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@TempDir
	Path tmp;

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void defaultDirectoryFollowsTheDocumentedRule() {
		String runtime = System.getenv("XDG_RUNTIME_DIR");
		Path expected = (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime)))
				? Path.of(runtime, "ipc-pipes") : Path.of("/tmp", "ipc-pipes-" + PosixUsers.currentUid());
		assertThat(PipeDirectory.of(null).socketPath("orders")).isEqualTo(expected.resolve("orders.sock"));
		assertThat(PipeDirectory.of(new NamedPipeOptions()).path()).isEqualTo(expected);
	}

	@Test
	void aPythonClientReachesThePipeAtItsDocumentedPathAndGetsTheReply() throws Exception {
		Path dir = this.tmp.resolve("pipes");
		startServer(spec("\\\\.\\pipe\\orders", Role.INBOUND_GATEWAY, dir).build());
		Path socket = dir.resolve("orders.sock");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		String reply = PeerProcess.runPythonCode(
				"import sys\n" + "from ipcframing import connect, frame, read_frame\n"
						+ "s=connect(unix=sys.argv[1]); s.sendall(frame(b'hi')); print(read_frame(s).decode())",
				socket.toString());
		assertThat(reply.trim()).isEqualTo("echo:hi");
	}

	@Test
	void aSecondJvmUsesTheSameNameAndGetsTheReply() throws Exception {
		// the second JVM uses the default directory, so the server does too
		String name = "ipc-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
		RecordingListener listener = startServer(
				EndpointSpec.builder("test", "named-pipe", Role.INBOUND_GATEWAY, name).build());
		try (PeerProcess peer = PeerProcess.java(PipePeerMain.class, "request", name, "hello")) {
			assertThat(peer.awaitOutput(Duration.ofSeconds(60)).trim()).isEqualTo("echo:hello");
		}
		assertThat(listener.next(WAIT).peer().uid()).isEqualTo(PosixUsers.currentUid());
	}

	@Test
	void badInputFromPythonIsReportedAndTheEndpointKeepsServing() throws Exception {
		Path dir = this.tmp.resolve("pipes");
		RecordingListener listener = startServer(spec("bad", Role.INBOUND, dir).maxMessageSize(1024).build());
		String socket = dir.resolve("bad.sock").toString();
		PeerProcess.runPythonCode("import sys\n" + "from ipcframing import connect, length_header\n"
				+ "connect(unix=sys.argv[1]).sendall(length_header(0x7fff0000) + b'zz')", socket);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		try (PeerProcess killed = PeerProcess
			.pythonCode("import os,signal,sys\n" + "from ipcframing import connect, length_header\n"
					+ "connect(unix=sys.argv[1]).sendall(length_header(100) + b'abc')\n"
					+ "os.kill(os.getpid(), signal.SIGKILL)", socket)) {
			killed.awaitExit(Duration.ofSeconds(30)); // it killed itself mid-frame
		}
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.DECODE);
		IpcClient client = this.transport.createClient(spec("bad", Role.OUTBOUND, dir).build());
		this.open.closeFirst(client);
		client.send("after".getBytes(StandardCharsets.UTF_8));
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
	}

	@Test
	void aDirectoryOpenToOthersIsRefused() throws Exception {
		Path dir = Files.createDirectory(this.tmp.resolve("open"));
		Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
		IpcServer server = this.transport.createServer(spec("x", Role.INBOUND, dir).build());
		this.open.closeLast(server);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> server.start(new RecordingListener()))
			.withMessageContaining("open to others");
	}

	@Test
	void namesThatCouldEscapeTheDirectoryAreRejected() {
		for (String bad : List.of("../etc", "a/b", ".hidden", "", "x".repeat(81))) {
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(bad, Role.INBOUND, this.tmp).build()))
				.satisfies(ex -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.test.address"));
		}
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec("ok", Role.INBOUND, this.tmp).framing(Framing.RAW).build()));
	}

	private RecordingListener startServer(EndpointSpec spec) throws Exception {
		IpcServer server = this.transport.createServer(spec);
		this.open.closeLast(server);
		RecordingListener listener = NamedPipeWindowsTests.echoing();
		server.start(listener);
		return listener;
	}

	private static EndpointSpec.Builder spec(String name, Role role, Path directory) {
		NamedPipeOptions options = new NamedPipeOptions();
		options.setDirectory(directory.toString());
		return EndpointSpec.builder("test", "named-pipe", role, name).option(NamedPipeOptions.class, options);
	}

}
