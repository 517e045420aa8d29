package io.ipcstarter.transport.amqp;

import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.contract.IpcTransportContractTests;

/**
 * The transport contract on a real RabbitMQ broker ({@link RabbitTestBroker}): a fresh
 * queue per test. A queue is no connection and carries no length prefix; it keeps what is
 * sent while no consumer runs (the outbound side declares it), so a send without a reader
 * succeeds; consumers compete for it, so a second server on an address is no error; and
 * the broker buffers what a slow consumer has not taken, so a sender does not block.
 */
class AmqpContractTests extends IpcTransportContractTests {

	private static AmqpBroker broker;

	@BeforeAll
	static void startBroker() {
		broker = RabbitTestBroker.get().broker();
	}

	@Override
	protected IpcTransport transport() {
		return Transports.get("amqp");
	}

	@Override
	protected String newAddress() {
		return "ipc-test-" + UUID.randomUUID();
	}

	@Override
	protected String absentAddress() {
		return newAddress();
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(AmqpOptions.class, options());
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(AmqpOptions.class, options());
	}

	private static AmqpOptions options() {
		AmqpOptions options = new AmqpOptions().withBroker(broker);
		options.setRetryInterval(java.time.Duration.ofMillis(10));
		return options;
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
	protected boolean keepsMessagesWhileNoReader() {
		return true;
	}

	@Override
	protected boolean sendFailsWithoutPeer() {
		return false;
	}

	@Override
	protected boolean blocksWhenPeerStopsReading() {
		return false;
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

}
