package io.ipcstarter.transport.socket;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code idle-timeout} against python3 peers: idle peers holding every
 * {@code max-connections} slot are closed, so the next peer gets in; without it the next
 * peer waits in the OS backlog (not accepted, not closed) until a place frees. Each peer
 * prints what its socket showed it (the text of {@code docs/transports/streams.md} on
 * refused and idle peers is what these lines say).
 */
class IdleTimeoutTests {

	/**
	 * Connect, send one frame when told to, then one read (30 s for a peer told to hold
	 * its place, else 3 s); print what it saw: eof, bytes, a timeout, an error.
	 */
	private static final String PEER = """
			import socket, sys
			from ipcframing import connect, frame, say
			kind, address, mode = sys.argv[1:4]
			s = connect(**{kind: address}, timeout=(30 if mode == 'hold' else 3))
			say('connected')
			try:
			    if mode == 'send':
			        s.sendall(frame(b'in'))
			        say('sent')
			    data = s.recv(1)
			    say('saw ' + ('eof' if data == b'' else repr(data)))
			except socket.timeout:
			    say('saw timeout')
			except OSError as e:
			    say('saw ' + type(e).__name__)
			""";

	private static final Duration WAIT = Duration.ofSeconds(10);

	@TempDir
	Path dir;

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void idlePeersShouldBeClosedSoThatTheNextPeerGetsIn(String kind) throws Exception {
		RecordingListener listener = new RecordingListener();
		StreamServer server = server(kind, Duration.ofMillis(500));
		List<PeerProcess> peers = new ArrayList<>();
		try {
			server.start(listener);
			for (int i = 0; i < 2; i++) {
				peers.add(peer(kind, server, "idle"));
			}
			for (PeerProcess idle : peers) {
				idle.await("connected", WAIT);
				assertThat(idle.await("saw", WAIT)).as("an idle peer, closed by the server").isEqualTo("eof");
			}
			PeerProcess third = peer(kind, server, "send");
			peers.add(third);
			third.await("connected", WAIT);
			third.await("sent", WAIT);
			assertThat(listener.nextText(WAIT)).isEqualTo("in");
			assertThat(third.await("saw", WAIT)).as("idle again after its message, and closed").isEqualTo("eof");
			await().atMost(WAIT).until(() -> server.peerCount() == 0);
			assertThat(listener.drainErrors()).as("an idle peer is no error").isEmpty();
		}
		finally {
			server.close();
			for (PeerProcess peer : peers) {
				peer.close();
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix", "tcp" })
	void withoutIdleTimeoutTheNextPeerShouldWaitUntilAPlaceFrees(String kind) throws Exception {
		RecordingListener listener = new RecordingListener();
		StreamServer server = server(kind, Duration.ZERO);
		List<PeerProcess> peers = new ArrayList<>();
		try {
			server.start(listener);
			for (int i = 0; i < 2; i++) {
				peers.add(peer(kind, server, "hold"));
			}
			await().atMost(WAIT).until(() -> server.peerCount() == 2);
			PeerProcess third = peer(kind, server, "send");
			peers.add(third);
			// the OS completes the connection and takes the bytes; the server does not
			// accept it while both places are taken, so nothing is read, closed or lost
			third.await("connected", WAIT);
			third.await("sent", WAIT);
			assertThat(third.await("saw", WAIT)).as("no answer, no close: it waits in the backlog")
				.isEqualTo("timeout");
			assertThat(listener.poll(Duration.ofMillis(300))).as("not served while the limit is reached").isNull();
			assertThat(server.peerCount()).as("the idle peers stay").isEqualTo(2);
			// one idle peer leaves: its place goes to the waiting one
			peers.get(0).close();
			assertThat(listener.nextText(WAIT)).as("the waiting peer's message, not lost").isEqualTo("in");
			assertThat(listener.drainErrors()).as("waiting for a place is no error").isEmpty();
		}
		finally {
			server.close();
			for (PeerProcess peer : peers) {
				peer.close();
			}
		}
	}

	private StreamServer server(String kind, Duration idleTimeout) {
		boolean unix = kind.equals("unix");
		String address = unix ? this.dir.resolve("in.sock").toString() : "127.0.0.1:0";
		EndpointSpec spec = EndpointSpec.builder("in", unix ? "unix-socket" : "tcp", Role.INBOUND, address)
			.maxConnections(2)
			.idleTimeout(idleTimeout)
			.build();
		return new StreamServer(spec, new SocketAcceptor(spec, unix ? new UnixAddressKind() : new TcpAddressKind()));
	}

	private static PeerProcess peer(String kind, StreamServer server, String mode) throws Exception {
		return PeerProcess.pythonCode(PEER, kind, server.address(), mode);
	}

}
