package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link StreamServer#failingSince()}: a streak of failed accepts (here injected in front
 * of a real unix-socket acceptor, as EMFILE would fail it) is one streak, and it ends
 * with the next accept, or once accepting stops failing and just waits for a peer.
 */
class AcceptFailureTests {

	@TempDir
	Path dir;

	@Test
	void failedAcceptsShouldBeOneStreakThatAPeerConnectingEnds() throws Exception {
		AtomicBoolean failing = new AtomicBoolean(true);
		String sock = this.dir.resolve("in.sock").toString();
		RecordingListener listener = new RecordingListener();
		StreamServer server = server(sock, failing);
		try {
			server.start(listener);
			assertThat(listener.nextError(Duration.ofSeconds(5)).reason()).isEqualTo(ErrorReason.IO);
			long since = server.failingSince();
			assertThat(since).isPositive();
			for (int i = 0; i < 3; i++) {
				assertThat(listener.nextError(Duration.ofSeconds(5))).isNotNull();
			}
			assertThat(server.failingSince()).as("still the same streak").isEqualTo(since);

			failing.set(false);
			try (PeerProcess peer = PeerProcess.pythonCode("import sys; from ipcframing import connect, frame; "
					+ "connect(unix=sys.argv[1]).sendall(frame(b'ok'))", sock)) {
				peer.awaitExit(Duration.ofSeconds(10));
			}
			assertThat(listener.nextText(Duration.ofSeconds(5))).isEqualTo("ok");
			assertThat(server.failingSince()).as("an accept worked").isZero();
		}
		finally {
			server.close();
		}
	}

	@Test
	void anAcceptWaitingForAPeerShouldEndTheStreak() throws Exception {
		AtomicBoolean failing = new AtomicBoolean(true);
		RecordingListener listener = new RecordingListener();
		StreamServer server = server(this.dir.resolve("in.sock").toString(), failing);
		try {
			server.start(listener);
			assertThat(listener.nextError(Duration.ofSeconds(5))).isNotNull();
			assertThat(server.failingSince()).isPositive();
			failing.set(false);
			await().atMost(Duration.ofSeconds(5)).until(() -> server.failingSince() == 0);
		}
		finally {
			server.close();
		}
	}

	private static StreamServer server(String sock, AtomicBoolean failing) {
		EndpointSpec spec = EndpointSpec.builder("in", "unix-socket", Role.INBOUND, sock).build();
		SocketAcceptor real = new SocketAcceptor(spec, new UnixAddressKind());
		return new StreamServer(spec, new StreamAcceptor() {

			@Override
			public void open() throws IOException {
				real.open();
			}

			@Override
			public StreamConnection accept() throws IOException {
				if (failing.get()) {
					throw new IOException("Too many open files (injected)");
				}
				return real.accept();
			}

			@Override
			public String address() {
				return real.address();
			}

			@Override
			public void close() {
				real.close();
			}

		});
	}

}
