package io.ipcstarter.transport.kafka;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.contract.IpcTransportContractTests;

/**
 * The transport contract for {@code kafka}, against a real broker in a JVM of its own
 * ({@link KafkaTestBroker}). Addresses are fresh topics (one partition, the broker's
 * default), so a test never sees another's records. A broker keeps what is sent while no
 * consumer runs and takes a record whether or not anyone consumes, and consumers of one
 * group share a topic: the flags say so, and the suite checks the promise in that form.
 * Records carry no framing, so the raw length-prefix tests do not apply; the transport's
 * own bad input (a record that is not what the endpoint expects) is in
 * {@link KafkaBadInputTests}.
 */
class KafkaContractTests extends IpcTransportContractTests {

	private static final AtomicInteger topics = new AtomicInteger();

	private final String run = Long.toString(System.nanoTime(), 36);

	@Override
	protected IpcTransport transport() {
		return Transports.get(KafkaTransport.ID);
	}

	@Override
	protected String newAddress() {
		return "contract-" + this.run + "-" + topics.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return "nobody-" + this.run + "-" + topics.incrementAndGet();
	}

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(KafkaOptions.class, KafkaTestBroker.options());
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(KafkaOptions.class, KafkaTestBroker.options());
	}

	/** A record written straight to the server's topic by a plain producer. */
	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
				EndpointSpec.builder("raw", KafkaTransport.ID, Role.OUTBOUND, server.address()).build(),
				KafkaTestBroker.options())) {
			producer.send(new ProducerRecord<>(server.address(), raw)).get(10, TimeUnit.SECONDS);
		}
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
