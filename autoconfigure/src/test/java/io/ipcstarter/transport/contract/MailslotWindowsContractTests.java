package io.ipcstarter.transport.contract;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.Wine;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code mailslot}: real {@code \\.\mailslot\} mailslots inside the
 * Windows JVM (under Wine in this build; Wine is not Windows). A mailslot has no
 * connections and no framing and carries at most 64 KiB; one-way only, so the gateway
 * tests are skipped. A misbehaving peer writes one raw message with a writer of its own.
 */
@WindowsTest
class MailslotWindowsContractTests extends IpcTransportContractTests {

	private final String prefix = "ipc-contract-" + UUID.randomUUID().toString().substring(0, 8) + "-";

	private final AtomicInteger slots = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("mailslot");
	}

	@Override
	protected String newAddress() {
		return this.prefix + this.slots.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return this.prefix + "nobody-owns";
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		EndpointSpec spec = EndpointSpec.builder("raw", "mailslot", Role.OUTBOUND, server.address()).build();
		try (IpcClient writer = transport().createClient(spec)) {
			writer.send(raw);
		}
	}

	/**
	 * Wine drops an empty mailslot message at the writer (its WriteFile succeeds, no
	 * message arrives).
	 */
	@Override
	@Test
	void emptyAndBinaryPayloadsArriveUnchanged() throws Exception {
		Assumptions.assumeFalse(Wine.isRunning(),
				"Wine drops an empty mailslot message (WriteFile succeeds, nothing arrives); not known on Windows");
		super.emptyAndBinaryPayloadsArriveUnchanged();
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
	protected int largePayloadSize() {
		return 64 * 1024;
	}

}
