package io.ipcstarter.transport.contract;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.process.ProcessOptions;
import io.ipcstarter.transport.process.Restart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract for {@code process}, on its server side: every server under test is a real
 * {@code process} {@code inbound} / {@code inbound-gateway} endpoint whose child is
 * {@code peers/stdio_relay.py} (python3). The relay listens on a unix socket given on its
 * command line and copies the bytes of the one connection it serves to its stdout, and
 * its stdin back to that connection, without parsing them; the suite's clients are
 * {@code unix-socket} clients at that socket ({@link #clientTransport()}). So every
 * frame, garbage byte and truncated header the suite sends crosses the child's stdout
 * pipe into the process endpoint's reader, and every reply crosses the child's stdin: the
 * framing, limits, bad-input, ordering, timeout and gateway paths of {@code process} run
 * for real, across two processes.
 * <p>
 * Mapping: the child is the connection. When the relay's peer ends its connection the
 * relay exits, so the child's stdout ends where the peer's stream ended (a truncated
 * frame is a child dying mid-frame). A bad frame makes the endpoint stop the child (its
 * framing is lost) and start the next; the relay also ends by itself whenever its peer
 * leaves (exit code 0), so these servers use {@code restart: always}, under which every
 * such end is followed by a new child. A newer connection replaces the one the relay
 * serves (one stdout carries one peer's stream).
 * <p>
 * Skipped, with the reason stated: tests that need several peers at once on one server
 * (one child has one stdin and one stdout, so concurrency across peers would be the
 * relay's multiplexing, not the transport's); the absent-peer tests (they would only
 * exercise the {@code unix-socket} client, not {@code process}; the process client's own
 * failure paths are in {@code ProcessTransportTests}); and the taken-address test (any
 * number of children may run one command line).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the relay child listens on a unix socket")
class ProcessContractTests extends IpcTransportContractTests {

	private static final String ONE_CHILD = "one child has one stdin and one stdout, so a process endpoint has exactly one "
			+ "peer at a time; serving several at once would test the relay's multiplexing, not the transport";

	private static final String CLIENT_ONLY = "the suite's clients here are unix-socket clients of the relay child, so "
			+ "this would not exercise process at all; ProcessTransportTests covers the process client's failures";

	@TempDir
	Path dir;

	private final AtomicInteger sockets = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("process");
	}

	@Override
	protected IpcTransport clientTransport() {
		return Transports.get("unix-socket");
	}

	/**
	 * The relay's socket path; {@link #serverSpec} turns it into the child's command
	 * line.
	 */
	@Override
	protected String newAddress() {
		return this.dir.resolve("relay" + this.sockets.incrementAndGet() + ".sock").toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("no-relay.sock").toString();
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String socket) {
		return serverSpec(name, role, socket, Restart.ALWAYS);
	}

	private EndpointSpec.Builder serverSpec(String name, Role role, String socket, Restart restart) {
		ProcessOptions options = new ProcessOptions();
		options.setRestart(restart);
		options.setShutdownTimeout(Duration.ofSeconds(2));
		return super.serverSpec(name, role, commandPrefix() + socket).option(ProcessOptions.class, options);
	}

	/** The relay's socket path, from the command line the server reports. */
	@Override
	protected String clientAddress(IpcServer server) {
		return socketOf(server.address());
	}

	/**
	 * Start the server, then wait (bounded) until its child listens, so a first send does
	 * not race the child.
	 */
	@Override
	protected IpcServer startServer(EndpointSpec spec, RecordingListener listener) throws Exception {
		IpcServer server = super.startServer(spec, listener);
		Path socket = Path.of(socketOf(spec.address()));
		Awaitility.await().atMost(RecordingListener.WAIT).until(() -> Files.exists(socket));
		return server;
	}

	@Override
	protected boolean startsAChildAfterATimeout() {
		return true;
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		SocketContractSupport.writeAndClose(SocketContractSupport.unix(clientAddress(server)), raw);
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

	private static String commandPrefix() {
		return "python3 -u " + relay() + " ";
	}

	private static String socketOf(String command) {
		return command.substring(commandPrefix().length());
	}

	private static String relay() {
		try {
			return Path.of(ProcessContractTests.class.getResource("/peers/stdio_relay.py").toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	@Override
	void manyConcurrentClientsEachGetTheirOwnReplies() {
		Assumptions.abort(ONE_CHILD);
	}

	@Test
	@Override
	void oneClientSharedByManyThreadsRoutesEachReplyToItsCaller() {
		Assumptions.abort(ONE_CHILD + " (a pool of 4 connections is 4 peers)");
	}

	@Test
	@Override
	void manyConcurrentOneWayClientsAllDeliver() {
		Assumptions.abort(ONE_CHILD);
	}

	@Test
	@Override
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() {
		Assumptions.abort(CLIENT_ONLY);
	}

	@Test
	@Override
	void requestToAnAbsentPeerFailsWithTimeout() {
		Assumptions.abort(CLIENT_ONLY);
	}

	/**
	 * The same promise with {@code restart: never}: under {@code always} the count drops
	 * to 0 when the child exits and rises to 1 again when the next one starts, which a
	 * poll could miss.
	 */
	@Test
	@Override
	void closedServerCountsNoPeersAndClosedClientRefusesToSend() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = startServer(serverSpec("server", Role.INBOUND, newAddress(), Restart.NEVER).build(),
				listener);
		IpcClient client = client(Role.OUTBOUND, server);
		client.send(bytes("x"));
		listener.next();
		assertThat(server.peerCount()).as("the child is the one peer").isEqualTo(1);
		assertThat(client.peerCount()).isEqualTo(1);
		client.close(); // the relay's peer leaves, so the child exits
		Awaitility.await().atMost(RecordingListener.WAIT).until(() -> server.peerCount() == 0);
		assertThatThrownBy(() -> client.send(bytes("y"))).isInstanceOf(java.io.IOException.class);
		server.close();
		assertThat(server.peerCount()).isZero();
	}

}
