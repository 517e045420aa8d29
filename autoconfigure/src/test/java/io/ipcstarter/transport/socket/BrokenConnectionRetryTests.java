package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamClient;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A one-way send whose connection breaks before its frame is written goes out again on a
 * new connection, with the reconnect back-off, until {@code send-timeout}; then it fails
 * with {@code timeout}. The peer is a python3 listener ({@code peers/dropping_server.py
 * --drop N}) that accepts connections and closes them unread, what a receiver killed with
 * -9 does to a connection it had just accepted. The client is the unix-socket transport's
 * own, with one thing held back: each connection the peer is going to drop is handed to
 * the client only once the peer has closed it, so the client's write meets a broken
 * connection every time (in a real crash that is a race of microseconds: 3 sends in
 * 60,000 across 60 receiver kills, docs/reliability.md). Unix socket only: on TCP a write
 * into a connection its peer closed succeeds and is lost (at-most-once).
 */
class BrokenConnectionRetryTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	/** The clients, closed first, then the peers, killed: each serves until killed. */
	private final OpenEndpoints open = new OpenEndpoints();

	@AfterEach
	void stop() throws Exception {
		this.open.close();
	}

	@Test
	void aSendWhoseNewConnectionsBreakIsWrittenAgainUntilOneHolds() throws Exception {
		PeerProcess peer = peer(3);
		DroppedFirst connector = new DroppedFirst(peer.await("READY", WAIT), 3);
		IpcClient client = client(connector, Duration.ofSeconds(10));
		client.send(bytes("first"));
		assertThat(connector.opened.get()).as("connections opened: three dropped, the fourth held").isEqualTo(4);
		for (int k = 1; k <= 3; k++) {
			assertThat(peer.await("DROPPED", WAIT)).isEqualTo(String.valueOf(k));
		}
		assertThat(peer.await("GOT", WAIT)).isEqualTo("1 first");
		peer.tell("keep");
		client.send(bytes("second"));
		assertThat(peer.await("GOT", WAIT)).as("once, on the connection that held").isEqualTo("1 second");
		assertThat(peer.linesSoFar()).filteredOn((line) -> line.contains("GOT")).hasSize(2);
	}

	@Test
	void aSendWhosePooledConnectionBrokeIsWrittenOnANewOneThatBreaksTooAndThenOnAThird() throws Exception {
		// the crash this is for: the receiver dies under the idle pooled connection, and
		// the next connection still reaches its dying listener
		PeerProcess first = peer(0);
		DroppedFirst connector = new DroppedFirst(first.await("READY", WAIT), 0);
		IpcClient client = client(connector, Duration.ofSeconds(10));
		client.send(bytes("before"));
		assertThat(first.await("GOT", WAIT)).isEqualTo("1 before");
		first.tell("keep");
		first.kill();
		PeerProcess second = peer(1);
		second.await("READY", WAIT);
		connector.dropNext(1);
		client.send(bytes("after"));
		assertThat(second.await("DROPPED", WAIT)).isEqualTo("1");
		assertThat(second.await("GOT", WAIT)).isEqualTo("1 after");
	}

	@Test
	void aReceiverThatBreaksEveryConnectionFailsTheSendWithTimeoutAfterSendTimeout() throws Exception {
		PeerProcess peer = peer(1_000_000);
		DroppedFirst connector = new DroppedFirst(peer.await("READY", WAIT), Integer.MAX_VALUE);
		Duration sendTimeout = Duration.ofSeconds(1);
		IpcClient client = client(connector, sendTimeout);
		long start = System.nanoTime();
		IpcException failure = catchThrowableOfType(IpcException.class, () -> client.send(bytes("never")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(failure).isNotNull();
		assertThat(failure.reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(failure).hasMessageContaining("within send-timeout 1s")
			.hasMessageContaining("broke before the message was written whole")
			.hasMessageContaining("Broken pipe");
		assertThat(took).as("about send-timeout: neither at once nor hanging")
			.isGreaterThanOrEqualTo(sendTimeout.minusMillis(20))
			.isLessThan(sendTimeout.plusSeconds(2));
		// 50 ms back-off doubling: 0, 50, 150, 350, 750 ms... not a hot loop
		assertThat(connector.opened.get()).as("connections opened within send-timeout").isBetween(3, 8);
	}

	private PeerProcess peer(int drop) throws IOException {
		PeerProcess peer = PeerProcess.python("dropping_server.py", "--unix", this.dir.resolve("in.sock").toString(),
				"--drop", String.valueOf(drop));
		this.open.closeLast(peer::kill);
		return peer;
	}

	private IpcClient client(StreamConnector connector, Duration sendTimeout) {
		EndpointSpec spec = EndpointSpec.builder("out", "unix-socket", Role.OUTBOUND, connector.address())
			.sendTimeout(sendTimeout)
			.build();
		IpcClient client = new StreamClient(spec, connector);
		return this.open.closeFirst(client);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The unix-socket transport's connector, except that the next {@code drop}
	 * connections are returned only once the peer has closed them.
	 */
	private static final class DroppedFirst implements StreamConnector {

		private final SocketConnector connector;

		private final String address;

		private final AtomicInteger toDrop;

		final AtomicInteger opened = new AtomicInteger();

		DroppedFirst(String address, int drop) {
			this.address = address;
			this.connector = new SocketConnector(new UnixAddressKind(), java.net.UnixDomainSocketAddress.of(address),
					null);
			this.toDrop = new AtomicInteger(drop);
		}

		void dropNext(int drop) {
			this.toDrop.set(drop);
		}

		@Override
		public StreamConnection connect(Duration timeout) throws IOException {
			StreamConnection connection = this.connector.connect(timeout);
			this.opened.incrementAndGet();
			if (this.toDrop.getAndDecrement() > 0) {
				Awaitility.await().atMost(WAIT).pollInterval(Duration.ofMillis(1)).until(connection::isPeerGone);
			}
			return connection;
		}

		@Override
		public String address() {
			return this.address;
		}

	}

}
