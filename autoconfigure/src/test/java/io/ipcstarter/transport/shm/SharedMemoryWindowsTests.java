package io.ipcstarter.transport.shm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The named file-mapping variant ({@code Local\NAME}) across two Windows processes: this
 * JVM consumes, a second Windows JVM produces, and a second one answers requests. Runs in
 * the {@code windows-tests} profile (under Wine here, which checks the protocol and the
 * JNA mappings, not Windows ACL enforcement).
 */
@WindowsTest
class SharedMemoryWindowsTests {

	private final SharedMemoryTransport transport = new SharedMemoryTransport();

	private final String name = "ipc-test-" + Long.toHexString(ThreadLocalRandom.current().nextLong());

	@Test
	void namedMappingCarriesMessagesFromAnotherProcess() throws Exception {
		assertThat(RingAddress.resolve(this.name).location()).isEqualTo("Local\\" + this.name);
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = this.transport
			.createServer(RingPeer.spec(this.name, Role.INBOUND, Duration.ofSeconds(5)));
				PeerProcess peer = startAfter(server, listener, "send", this.name, "w", "2000")) {
			for (int i = 0; i < 2000; i++) {
				assertThat(listener.nextText(Duration.ofSeconds(30))).isEqualTo("w:" + i);
			}
			assertThat(listener.errors()).isEmpty();
		}
	}

	@Test
	void namedMappingGatewayAnswersAnotherProcess() throws Exception {
		RecordingListener listener = RecordingListener.upperCasing();
		try (IpcServer server = this.transport
			.createServer(RingPeer.spec(this.name, Role.INBOUND_GATEWAY, Duration.ofSeconds(5)));
				PeerProcess peer = startAfter(server, listener, "request", this.name, "200")) {
			// the peer checks each reply and stops at the first wrong one, so its 200th
			// request proves 199 replies
			// (read from the server side: a Windows child's exit code and stdout are
			// unreliable under Wine)
			await().atMost(Duration.ofSeconds(120)).until(() -> listener.messages().size() == 200);
			assertThat(listener.errors()).isEmpty();
		}
	}

	private static PeerProcess startAfter(IpcServer server, RecordingListener listener, String... args)
			throws Exception {
		server.start(listener);
		return PeerProcess.java(RingPeer.class, args);
	}

}
