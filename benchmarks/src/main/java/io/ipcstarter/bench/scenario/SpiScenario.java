package io.ipcstarter.bench.scenario;

import java.nio.ByteBuffer;
import java.util.Map;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;
import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.ErrorReason;

/**
 * Our transport SPI alone, no Spring: an {@code inbound} server counting and an
 * {@code inbound-gateway} server echoing, driven by an {@code outbound} and an
 * {@code outbound-gateway} client from {@code Transports.find(id)}. Where the transport
 * shows a payload in place ({@code shared-memory}), the counter copies it into a scratch
 * array, as Aeron's row copies each fragment, and the echo answers with the request in
 * place, as Aeron's row offers each fragment straight from its term; elsewhere both take
 * the array the transport made.
 */
final class SpiScenario implements Scenario {

	private final TransportRows rows;

	private final String variant;

	SpiScenario(TransportRows rows, String variant) {
		this.rows = rows;
		this.variant = variant;
	}

	@Override
	public String id() {
		return this.rows.transport() + "/spi" + (this.variant.isEmpty() ? "" : "/" + this.variant);
	}

	@Override
	public String transport() {
		return this.rows.transport();
	}

	@Override
	public Layer layer() {
		return Layer.SPI;
	}

	@Override
	public String description() {
		return "IpcServer/IpcClient" + (this.variant.isEmpty() ? "" : ", " + this.variant);
	}

	/**
	 * Transports whose connection settings come from the application context (an
	 * {@code IpcEndpointSpecCustomizer} fills in the broker connection from
	 * {@code spring.kafka.*}): the SPI alone has no broker to reach, so only their
	 * starter row runs.
	 */
	private static final java.util.Set<String> CONNECTED_BY_THE_STARTER = java.util.Set.of("kafka");

	@Override
	public String unavailableReason() {
		if (CONNECTED_BY_THE_STARTER.contains(this.rows.transport())) {
			return "'" + this.rows.transport()
					+ "' takes its broker connection from spring.kafka.* through the starter:"
					+ " measured by its starter row only";
		}
		return unavailable(this.rows.transport());
	}

	static String unavailable(String id) {
		IpcTransport transport = Transports.find(id);
		if (transport == null) {
			return "transport '" + id + "' is not on the class path (not merged yet)";
		}
		if (id.equals("amqp") && !brokerListening()) {
			return "no RabbitMQ broker on 127.0.0.1:5672 (benchmarks/run.sh starts one where rabbitmq-server is "
					+ "installed)";
		}
		return transport.unsupportedReason();
	}

	private static boolean brokerListening() {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 5672), 1000);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

	@Override
	public int maxMessageSize() {
		return this.rows.maxMessageSize();
	}

	@Override
	public boolean roundTrip() {
		return this.rows.gateways();
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return this.rows.gateways()
				? Map.of("sink", this.rows.address().apply(a, "sink"), "echo", this.rows.address().apply(a, "echo"))
				: Map.of("sink", this.rows.address().apply(a, "sink"));
	}

	private Map<String, String> properties() {
		return this.rows.variants().get(this.variant);
	}

	@Override
	public Receiver receiver(Args args) throws Exception {
		IpcTransport transport = Transports.get(this.rows.transport());
		SinkCounter counter = new SinkCounter();
		int max = this.rows.maxMessageSize();
		IpcServer sink = transport
			.createServer(EndpointOptions.spec(transport, "sink", Role.INBOUND, args.get("sink"), max, properties()));
		IpcServer echo = !this.rows.gateways() ? null : transport.createServer(
				EndpointOptions.spec(transport, "echo", Role.INBOUND_GATEWAY, args.get("echo"), max, properties()));
		sink.start(new Listener() {

			/**
			 * Where a payload shown in place is copied, as Aeron's row copies each
			 * fragment: the same work.
			 */
			private byte[] scratch = new byte[0];

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) {
				counter.add(payload.length);
			}

			@Override
			public void onMessage(ByteBuffer payload, Peer peer, Reply reply) {
				int length = payload.remaining();
				if (this.scratch.length < length) {
					this.scratch = new byte[length];
				}
				payload.get(this.scratch, 0, length);
				counter.add(length);
			}

		});
		if (echo != null) {
			echo.start(new Listener() {

				@Override
				public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
					reply.send(payload);
				}

				@Override
				public void onMessage(ByteBuffer payload, Peer peer, Reply reply) throws Exception {
					reply.send(payload);
				}

			});
		}
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return counter;
			}

			@Override
			public void close() {
				sink.close();
				if (echo != null) {
					echo.close();
				}
				if (transport.id().equals("message-queue")) {
					// a queue outlives its endpoints (docs/transports/datagrams.md); a
					// run must not leave one per pair behind, the user's queue bytes
					// (RLIMIT_MSGQUEUE, 800 KiB) hold only a few
					PosixMessageQueues.get().mq_unlink(args.get("sink"));
				}
			}

		};
	}

	@Override
	public Sender sender(Args args) {
		IpcTransport transport = Transports.get(this.rows.transport());
		int max = this.rows.maxMessageSize();
		IpcClient sink = transport
			.createClient(EndpointOptions.spec(transport, "out", Role.OUTBOUND, args.get("sink"), max, properties()));
		IpcClient echo = !this.rows.gateways() ? null : transport.createClient(
				EndpointOptions.spec(transport, "ask", Role.OUTBOUND_GATEWAY, args.get("echo"), max, properties()));
		return new Sender() {

			@Override
			public void send(byte[] payload) throws Exception {
				sink.send(payload);
			}

			@Override
			public byte[] request(byte[] payload) throws Exception {
				if (echo == null) {
					throw new UnsupportedOperationException(id() + " has no request/reply");
				}
				return echo.request(payload);
			}

			@Override
			public void close() {
				sink.close();
				if (echo != null) {
					echo.close();
				}
			}

		};
	}

	/**
	 * Errors are printed: a benchmark that drops messages must not look fast silently.
	 */
	private abstract static class Listener implements InboundListener {

		@Override
		public void onError(ErrorReason reason, Throwable cause, Peer peer) {
			System.err.println("receiver error " + reason + " from " + peer + ": " + cause);
		}

	}

}
