package io.ipcstarter.transport.pipe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Windows named pipe, run for real inside a Windows JVM (under Wine here: protocol
 * logic and JNA mappings are checked, not ACL enforcement), against a second Windows JVM
 * and a mingw-w64 C client.
 */
@WindowsTest
class NamedPipeWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final NamedPipeTransport transport = new NamedPipeTransport();

	private final String name = "ipc-test-" + UUID.randomUUID();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aSecondWindowsJvmGetsItsReplyAndIsIdentifiedByPid() throws Exception {
		RecordingListener listener = startServer(spec(Role.INBOUND_GATEWAY).build());
		try (PeerProcess peer = PeerProcess.java(PipePeerMain.class, "request", this.name, "hello")) {
			assertThat(peer.awaitOutput(Duration.ofSeconds(60)).trim()).isEqualTo("echo:hello");
			assertThat(listener.next(WAIT).peer().pid()).isEqualTo((int) peer.pid());
		}
	}

	@Test
	void aMingwClientSeesOneFramePerPipeMessage() throws Exception {
		startServer(spec(Role.INBOUND_GATEWAY).build());
		assertThat(MingwPeer.named("pipe_client").run(this.name, "from C").trim()).isEqualTo("echo:from C");
	}

	@Test
	void garbageOversizeAndAPeerKilledMidFrameAreReportedAndTheEndpointKeepsServing() throws Exception {
		RecordingListener listener = startServer(spec(Role.INBOUND).maxMessageSize(1024).build());
		try (PeerProcess peer = PeerProcess.java(PipePeerMain.class, "bad", this.name)) {
			assertThat(listener.nextText(WAIT)).isEqualTo("good");
			assertThat(peer.awaitExit(Duration.ofSeconds(60))).as("the peer halted itself with the pipe open")
				.isEqualTo(3);
		}
		List<ErrorReason> reasons = List.of(listener.nextError(WAIT).reason(), listener.nextError(WAIT).reason());
		assertThat(reasons).containsExactlyInAnyOrder(ErrorReason.OVERSIZE, ErrorReason.DECODE);
		IpcClient client = client(spec(Role.OUTBOUND).build());
		client.send("after".getBytes(StandardCharsets.UTF_8));
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
	}

	@Test
	void aSecondServerOnTheSameNameFailsToStart() throws Exception {
		startServer(spec(Role.INBOUND).build());
		IpcServer second = this.transport.createServer(spec(Role.INBOUND).build());
		this.open.closeLast(second);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> second.start(new RecordingListener()))
			.withMessageContaining(this.name);
	}

	@Test
	void aClientWithoutServerFailsAfterSendTimeout() {
		IpcClient client = client(spec(Role.OUTBOUND).sendTimeout(Duration.ofMillis(500)).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[] { 1 }))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining("no process serves it");
	}

	@Test
	void aBusyPipeIsWaitedForWithinSendTimeout() throws Exception {
		NamedPipeOptions one = new NamedPipeOptions();
		one.setMaxInstances(1);
		RecordingListener listener = startServer(
				spec(Role.INBOUND_GATEWAY).option(NamedPipeOptions.class, one).build());
		IpcClient first = this.transport.createClient(spec(Role.OUTBOUND_GATEWAY).build());
		assertThat(first.request(new byte[] { 'a' })).isEqualTo("echo:a".getBytes(StandardCharsets.UTF_8));
		// the only instance is held by `first`; a second client waits in WaitNamedPipe
		// until it is released
		IpcClient second = client(spec(Role.OUTBOUND_GATEWAY).sendTimeout(Duration.ofSeconds(20)).build());
		Thread release = new Thread(() -> {
			try {
				listener.next(WAIT); // the server has seen "a"; now let the instance go
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			first.close();
		});
		release.start();
		assertThat(second.request(new byte[] { 'b' })).isEqualTo("echo:b".getBytes(StandardCharsets.UTF_8));
		release.join(WAIT.toMillis());
	}

	private RecordingListener startServer(EndpointSpec spec) throws Exception {
		IpcServer server = this.transport.createServer(spec);
		this.open.closeLast(server);
		RecordingListener listener = echoing();
		server.start(listener);
		return listener;
	}

	/** Records messages and, for gateways, answers "echo:" + the request. */
	static RecordingListener echoing() {
		return RecordingListener.answering(
				(request) -> ("echo:" + new String(request, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
	}

	private IpcClient client(EndpointSpec spec) {
		IpcClient client = this.transport.createClient(spec);
		this.open.closeFirst(client);
		return client;
	}

	private EndpointSpec.Builder spec(Role role) {
		return EndpointSpec.builder("test", "named-pipe", role, this.name);
	}

}
