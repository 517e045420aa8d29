package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.Wine;
import io.ipcstarter.testsupport.WindowsTest;
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
 * The mailslot, run for real inside a Windows JVM (under Wine here: protocol logic and
 * JNA mappings are checked, not ACL enforcement or real Windows), against a writer in a
 * second Windows JVM.
 */
@WindowsTest
class MailslotWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PEER = Duration.ofSeconds(90);

	private final MailslotTransport transport = new MailslotTransport();

	private final String name = "ipc-test-" + UUID.randomUUID();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aWriterInASecondWindowsJvmDeliversEveryMessageInOrder() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).build());
		try (PeerProcess peer = PeerProcess.java(MailslotPeerMain.class, "send", this.name, "20")) {
			assertThat(peer.awaitOutput(PEER).trim()).isEqualTo("sent 20");
		}
		for (int i = 0; i < 20; i++) {
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("m" + i);
			assertThat(received.peer().id()).isEqualTo("mailslot");
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void aWriteLargerThanTheMailslotTakesIsRefusedAndTheEndpointKeepsServing() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).maxMessageSize(1024).build());
		String said;
		try (PeerProcess peer = PeerProcess.java(MailslotPeerMain.class, "big", this.name, "2000")) {
			said = peer.awaitOutput(PEER).trim();
		}
		// Windows refuses the write at the writer (the mailslot was created with 1024 as
		// its largest message); Wine takes it, and the reader reports and drops it
		if (said.startsWith("written")) {
			assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		}
		else {
			assertThat(said).startsWith("refused IO");
		}
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		assertThat(listener.messages()).isEmpty();
	}

	@Test
	void ourWriterRefusesAMessageOverItsLimitAsOversize() throws Exception {
		this.open.startServer(spec(Role.INBOUND).build());
		IpcClient client = this.open.client(spec(Role.OUTBOUND).maxMessageSize(16).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[17]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("max-message-size (16 bytes)");
	}

	@Test
	void aBroadcastWriteOver424BytesIsRefusedAtTheWriter() {
		IpcClient client = this.open.client(spec(Role.OUTBOUND).address("*\\" + this.name).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[425]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("424 bytes");
	}

	@Test
	void backlogCountsTheMessagesWaiting() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener((request) -> {
			release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			return null;
		});
		IpcServer server = this.open.startServer(spec(Role.INBOUND).build(), listener);
		assertThat(server.backlog()).isZero();
		IpcClient client = this.open.client(spec(Role.OUTBOUND).build());
		for (int i = 0; i < 4; i++) {
			client.send(("b" + i).getBytes(StandardCharsets.UTF_8));
		}
		// the reader holds b0 in its handler; b1..b3 wait in the mailslot. Windows
		// documents the count (3); Wine reports 1 for any number waiting
		await().atMost(WAIT).until(server::backlog, (n) -> n == 3 || (n == 1 && Wine.isRunning()));
		release.countDown();
		await().atMost(WAIT).until(server::backlog, (n) -> n == 0);
		for (int i = 0; i < 4; i++) {
			assertThat(listener.nextText(WAIT)).isEqualTo("b" + i);
		}
	}

	@Test
	void stopIsPromptAndFreesTheName() throws Exception {
		IpcServer server = this.open.startServer(spec(Role.INBOUND).build(), new RecordingListener());
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(server.backlog()).isEqualTo(-1);
		// the name is free again: a new server takes it
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).build());
		this.open.client(spec(Role.OUTBOUND).build()).send("again".getBytes(StandardCharsets.UTF_8));
		assertThat(listener.nextText(WAIT)).isEqualTo("again");
	}

	@Test
	void aSecondServerOnTheSameNameFailsToStart() throws Exception {
		this.open.startServer(spec(Role.INBOUND).build());
		IpcServer second = this.transport.createServer(spec(Role.INBOUND).build());
		this.open.closeLast(second);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> second.start(new RecordingListener()))
			.withMessageContaining(this.name);
	}

	@Test
	void aWriterWithoutReaderFailsAfterSendTimeout() {
		IpcClient client = this.open.client(spec(Role.OUTBOUND).sendTimeout(Duration.ofMillis(300)).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[] { 1 }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining("no process owns it");
	}

	@Test
	void gatewaysAreRefusedNamingRole() {
		assertThatExceptionOfType(io.ipcstarter.transport.InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND_GATEWAY).build()))
			.withMessageContaining("ipc.endpoints.test.role")
			.withMessageContaining("one-way by design");
	}

	private EndpointSpec.Builder spec(Role role) {
		return EndpointSpec.builder("test", "mailslot", role, this.name);
	}

}
