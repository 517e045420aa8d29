package io.ipcstarter.transport.contract;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;

import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.clipboard.ClipboardOptions;

/**
 * The contract for {@code clipboard}: the real Win32 clipboard inside the Windows JVM
 * (under Wine in this build; Wine is not Windows). The server (inbound) runs in the
 * test's process, every client (outbound) in a second Windows JVM
 * ({@link ClientsInAnotherProcess}): an inbound endpoint ignores its own process's
 * writes, so only another process can feed it. Each server has a format of its own, named
 * by its address. Where the clipboard differs, the flags say so: one-way only (no way
 * back for a reply), no connections and no framing, one slot where the last writer wins
 * (the suite waits for each message before the next; bursts and many writers promise
 * nothing), a write never waits for a reader and never fails for want of one, and any
 * number of readers may watch one format.
 */
@WindowsTest
class ClipboardWindowsContractTests extends IpcTransportContractTests {

	private static final String PREFIX = "IpcContract." + UUID.randomUUID().toString().substring(0, 8) + ".";

	private static final ClientsInAnotherProcess clients = new ClientsInAnotherProcess(Transports.get("clipboard"),
			(spec) -> List.of("clipboard.format=" + spec.address()));

	private final AtomicInteger formats = new AtomicInteger();

	@AfterAll
	static void stopClients() throws InterruptedException {
		clients.close();
	}

	@Override
	protected IpcTransport transport() {
		return Transports.get("clipboard");
	}

	@Override
	protected IpcTransport clientTransport() {
		return clients;
	}

	/** The address is the format's name, so that each server has a slot of its own. */
	@Override
	protected String newAddress() {
		return PREFIX + this.formats.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return PREFIX + "nobody";
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(ClipboardOptions.class, format(address));
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(ClipboardOptions.class, format(address));
	}

	/** A server reports {@code clipboard:FORMAT}; its clients write that format. */
	@Override
	protected String clientAddress(IpcServer server) {
		return server.address().substring("clipboard:".length());
	}

	private static ClipboardOptions format(String name) {
		ClipboardOptions options = new ClipboardOptions();
		options.setFormat(name);
		return options;
	}

	@Override
	protected String noGatewaysReason() {
		return "clipboard is one-way: a reader cannot answer a writer";
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
		return false;
	}

	@Override
	protected boolean promisesDeliveryInOrder() {
		return false;
	}

	@Override
	protected boolean holdsOnlyTheLatestMessage() {
		return true;
	}

	@Override
	protected boolean sendFailsWithoutPeer() {
		return false;
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

}
