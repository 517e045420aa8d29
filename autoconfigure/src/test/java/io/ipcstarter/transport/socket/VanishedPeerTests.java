package io.ipcstarter.transport.socket;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Returned means the OS took it for a live peer": a one-way client whose pooled
 * connection the peer (a python3 process, {@code peers/dropping_server.py}) closed, shut
 * for reading or died on while the client idled must never hand the next message to that
 * connection. Over TCP the client finds out by checking the idle connection; over a
 * Unix-domain socket on Linux the write itself fails and the message goes out on a fresh
 * connection (see {@link SocketAddressKind#writesFailOncePeerGone()}).
 */
class VanishedPeerTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	/** The clients, closed first, then the peers, killed: each serves until killed. */
	private final OpenEndpoints open = new OpenEndpoints();

	@AfterEach
	void stop() throws Exception {
		this.open.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp" })
	void aMessageAfterThePeerClosedTheIdleConnectionShouldReachItOnANewConnection(String transport) throws Exception {
		PeerProcess peer = peer(transport);
		String address = peer.await("READY", WAIT);
		IpcClient client = client(transport, address);
		for (int round = 1; round <= 3; round++) {
			client.send(bytes("m" + round));
			assertThat(peer.await("GOT", WAIT)).isEqualTo(round + " m" + round);
			peer.tell("close");
			assertThat(peer.await("CLOSED", WAIT)).isEqualTo(String.valueOf(round));
		}
		client.send(bytes("last"));
		assertThat(peer.await("GOT", WAIT)).isEqualTo("4 last");
	}

	@Test
	void aMessageAfterThePeerStoppedReadingShouldReachItOnANewConnection() throws Exception {
		PeerProcess peer = peer("unix-socket");
		IpcClient client = client("unix-socket", peer.await("READY", WAIT));
		client.send(bytes("first"));
		assertThat(peer.await("GOT", WAIT)).isEqualTo("1 first");
		peer.tell("shut-read");
		assertThat(peer.await("SHUT", WAIT)).isEqualTo("1");
		client.send(bytes("second"));
		assertThat(peer.await("GOT", WAIT)).as("not left unread on the first connection").isEqualTo("2 second");
	}

	@Test
	void aMessageAfterThePeerWasKilledShouldReachItsSuccessor() throws Exception {
		PeerProcess first = peer("unix-socket");
		String address = first.await("READY", WAIT);
		IpcClient client = client("unix-socket", address);
		client.send(bytes("before"));
		assertThat(first.await("GOT", WAIT)).isEqualTo("1 before");
		first.tell("keep");
		// SIGKILL while the client's connection idles; the kernel closes its end
		first.kill();
		PeerProcess second = peer("unix-socket");
		second.await("READY", WAIT);
		client.send(bytes("after"));
		assertThat(second.await("GOT", WAIT)).isEqualTo("1 after");
	}

	private PeerProcess peer(String transport) throws Exception {
		PeerProcess peer = PeerProcess.python("dropping_server.py", transport.equals("tcp") ? "--tcp" : "--unix",
				transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve("in.sock").toString());
		this.open.closeLast(peer::kill);
		return peer;
	}

	private IpcClient client(String transport, String address) {
		IpcTransport t = Transports.get(transport);
		EndpointSpec spec = EndpointSpec.builder("out", transport, Role.OUTBOUND, address).build();
		t.validate(spec);
		IpcClient client = t.createClient(spec);
		return this.open.closeFirst(client);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
