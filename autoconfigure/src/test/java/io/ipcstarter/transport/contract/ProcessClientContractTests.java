package io.ipcstarter.transport.contract;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.process.ProcessOptions;
import io.ipcstarter.transport.process.Restart;

/**
 * The contract for {@code process}, on its client side: every client is a real
 * {@code process} {@code outbound} / {@code outbound-gateway} endpoint whose child is
 * {@code peers/stdio_relay.py --connect} (python3), which connects to the suite's
 * {@code unix-socket} server and copies the child's stdin to it and its replies to the
 * child's stdout, unparsed. So every message the suite sends is written by the process
 * endpoint to a child's stdin, and every reply is read from a child's stdout: delivery,
 * order, large and empty payloads, one child shared by many calling threads (pool-size is
 * 1 whatever is asked), reply-timeout, oversize and failed requests (the child ends with
 * its server connection and the next request starts a new one, {@code restart: always})
 * run across real processes. The server-side promises of {@link ProcessContractTests} are
 * not repeated: the server here is {@code unix-socket}.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the relay child connects to a unix socket")
class ProcessClientContractTests extends IpcTransportContractTests {

	private static final String SERVER_SIDE = "a server-side promise: the server here is unix-socket "
			+ "(UnixSocketContractTests); the process server side is ProcessContractTests";

	@TempDir
	Path dir;

	private final AtomicInteger sockets = new AtomicInteger();

	/** The server under the suite: unix-socket, which the relay child connects to. */
	@Override
	protected IpcTransport transport() {
		return Transports.get("unix-socket");
	}

	@Override
	protected IpcTransport clientTransport() {
		return Transports.get("process");
	}

	@Override
	protected String newAddress() {
		return this.dir.resolve("s" + this.sockets.incrementAndGet() + ".sock").toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("nobody-listens.sock").toString();
	}

	/**
	 * The address is the server's socket path; the client's is the command line of a
	 * relay child connecting to it.
	 */
	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String socket) {
		ProcessOptions options = new ProcessOptions();
		options.setRestart(Restart.ALWAYS);
		options.setShutdownTimeout(Duration.ofSeconds(2));
		return super.clientSpec(name, role, "python3 -u " + relay() + " --connect " + socket)
			.option(ProcessOptions.class, options);
	}

	@Override
	protected boolean startsAChildAfterATimeout() {
		return true;
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) {
		Assumptions.abort(SERVER_SIDE);
	}

	private static String relay() {
		try {
			return Path.of(ProcessClientContractTests.class.getResource("/peers/stdio_relay.py").toURI()).toString();
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	@Override
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() {
		Assumptions.abort("a process client's peer is its child, which starts; that the child cannot reach a server "
				+ "of its own is the child's business (ProcessTransportTests: a child that exits fails the send)");
	}

	@Test
	@Override
	void requestToAnAbsentPeerFailsWithTimeout() {
		Assumptions.abort("a process client's peer is its child, which starts; see sendToAnAbsentPeer...");
	}

	@Test
	@Override
	void secondServerOnATakenAddressFailsToStartAndTheFirstGoesOn() {
		Assumptions.abort(SERVER_SIDE);
	}

	private static final String MIDDLEMAN = "a one-way send succeeds once its bytes are in the child's stdin; whether "
			+ "the child's own peer is there is beyond what the process endpoint can see (no acknowledgement), so a "
			+ "message written in the moment the relay's server goes away is lost by the relay, not the transport";

	@Test
	@Override
	void clientReconnectsAfterTheServerRestarts() {
		Assumptions.abort(MIDDLEMAN);
	}

	@Test
	@Override
	void gatewayClientReconnectsAfterTheServerRestarts() {
		Assumptions.abort("the same race for a request: one written in the moment the relay's server goes away goes "
				+ "to a child about to exit and fails ('closed the connection without replying'); the next request "
				+ "starts a new child, as oversizeRequestOnAGatewayFailsTheCallerAndTheServerGoesOn shows");
	}

	@Test
	@Override
	void sendWhileTheServerIsDownWaitsForItWithinSendTimeout() {
		Assumptions.abort(MIDDLEMAN);
	}

}
