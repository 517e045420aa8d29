package io.ipcstarter.transport.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.dde.DdeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract for {@code dde}: DDEML inside the Windows JVM (under Wine in this build;
 * Wine is not Windows). The server runs in the test's process, every client in a second
 * Windows JVM ({@link ClientsInAnotherProcess}). The receiving side of a one-way message
 * is our DDE server ({@code inbound-gateway}, which takes pokes as messages): the
 * {@code inbound} role of {@code dde} is a client of someone else's server (an advise
 * loop), tested in {@code DdeWindowsTests}; so the suite's one-way server is an
 * {@code inbound-gateway} and its clients poke ({@code outbound}). Data travels in a
 * registered format (binary-safe; {@code CF_TEXT} ends at a NUL). Where DDE differs, the
 * flags say so: no framing; a poke waits for the server to take it (so a server that
 * stops taking fails the sender after send-timeout); servers may share a service name;
 * the gateway tests are skipped (a DDE request carries an item name, not a message; the
 * gateway roles are tested in {@code DdeWindowsTests}). A service nobody registered is
 * {@code peer-rejected} at once (DDEML says so), not a timeout: those tests are restated
 * here.
 */
@WindowsTest
class DdeWindowsContractTests extends IpcTransportContractTests {

	private static final String FORMAT = "IpcContract.Dde";

	private static final String ITEM = "message";

	private static final String PREFIX = "IpcContract" + UUID.randomUUID().toString().substring(0, 8) + "-";

	private static final ClientsInAnotherProcess clients = new ClientsInAnotherProcess(Transports.get("dde"),
			(spec) -> options(spec.option(DdeOptions.class)));

	private final AtomicInteger services = new AtomicInteger();

	@AfterAll
	static void stopClients() throws InterruptedException {
		clients.close();
	}

	@Override
	protected IpcTransport transport() {
		return Transports.get("dde");
	}

	@Override
	protected IpcTransport clientTransport() {
		return clients;
	}

	@Override
	protected String newAddress() {
		return PREFIX + this.services.incrementAndGet() + "|messages";
	}

	@Override
	protected String absentAddress() {
		return PREFIX + "nobody|messages";
	}

	/** The receiving server of a one-way message is an inbound-gateway (see above). */
	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		DdeOptions options = new DdeOptions();
		options.setFormat(FORMAT);
		return super.serverSpec(name, (role == Role.INBOUND) ? Role.INBOUND_GATEWAY : role, address)
			.option(DdeOptions.class, options);
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		DdeOptions options = new DdeOptions();
		options.setFormat(FORMAT);
		options.setItem(ITEM);
		return super.clientSpec(name, role, address).option(DdeOptions.class, options);
	}

	/** The server reports {@code dde:service|topic}. */
	@Override
	protected String clientAddress(IpcServer server) {
		return server.address().substring("dde:".length());
	}

	private static List<String> options(DdeOptions options) {
		List<String> words = new ArrayList<>();
		if (options != null) {
			words.add("dde.format=" + options.getFormat());
			if (options.getItem() != null) {
				words.add("dde.item=" + options.getItem());
			}
		}
		return words;
	}

	@Override
	protected boolean supportsGateways() {
		return false;
	}

	@Override
	protected String noGatewaysReason() {
		return "a DDE request carries an item name, not a message: the dde gateway roles are tested in DdeWindowsTests";
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected boolean usesLengthPrefixFraming() {
		return false;
	}

	@Override
	protected boolean blocksWhenPeerStopsReading() {
		return true;
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

	/**
	 * Each poke is a synchronous DDE transaction through two message loops, about 5 ms
	 * under Wine: 10,000 took 39–57 s of the Windows suite, 2,000 prove order and
	 * completeness as well.
	 */
	@Override
	protected int inOrderMessageCount() {
		return 2_000;
	}

	@Override
	@Test
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() throws Exception {
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, absentAddress()).sendTimeout(SHORT).build());
		Throwable thrown = catchThrowable(() -> client.send(bytes("nobody")));
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.PEER_REJECTED);
		assertThat(thrown).hasMessageContaining("No DDE server answers for " + absentAddress());
	}

	@Override
	@Test
	void sendWhileTheServerIsDownWaitsForItWithinSendTimeout() throws Exception {
		RecordingListener first = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, first);
		String address = clientAddress(server);
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, address).sendTimeout(SHORT).build());
		client.send(bytes("up"));
		assertThat(first.nextText()).isEqualTo("up");
		server.close();
		Throwable thrown = catchThrowable(() -> client.send(bytes("down")));
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.PEER_REJECTED);
		RecordingListener second = new RecordingListener();
		startServer(serverSpec("server", Role.INBOUND, address).build(), second);
		client.send(bytes("up again"));
		assertThat(second.nextText()).isEqualTo("up again");
	}

}
