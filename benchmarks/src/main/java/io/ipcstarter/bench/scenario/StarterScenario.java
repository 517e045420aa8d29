package io.ipcstarter.bench.scenario;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;
import io.ipcstarter.bench.spring.SpringApps;
import io.ipcstarter.bench.spring.StarterReceiverApp;
import io.ipcstarter.bench.spring.StarterSenderApp;
import io.ipcstarter.nativeapi.posix.PosixMessageQueues;

/**
 * The full starter: two Spring Boot apps whose endpoints come from YAML
 * ({@code bench-starter-receiver.yml}, {@code bench-starter-sender.yml}). One-way:
 * {@code out} channel, outbound handler, transport, inbound adapter, {@code sink}
 * channel, a {@code MessageHandler} subscribed to it. Round trip: a
 * {@code MessagingTemplate} on channel {@code ask}, the outbound gateway, the inbound
 * gateway, channel {@code echo}, a service activator returning the payload. A transport
 * without gateway roles ({@code message-queue}) runs the one-way endpoints alone
 * ({@code bench-starter-receiver-one-way.yml}, {@code bench-starter-sender-one-way.yml}).
 */
final class StarterScenario implements Scenario {

	private final TransportRows rows;

	private final String variant;

	/** The gateway endpoints of the two apps. */
	private static final List<String> GATEWAYS = List.of("echo", "ask");

	StarterScenario(TransportRows rows, String variant) {
		this.rows = rows;
		this.variant = variant;
	}

	@Override
	public String id() {
		return this.rows.transport() + "/starter" + (this.variant.isEmpty() ? "" : "/" + this.variant);
	}

	@Override
	public String transport() {
		return this.rows.transport();
	}

	@Override
	public Layer layer() {
		return Layer.STARTER;
	}

	@Override
	public String description() {
		return "YAML endpoints, 2 Spring Boot apps" + (this.variant.isEmpty() ? "" : ", " + this.variant);
	}

	@Override
	public String unavailableReason() {
		return SpiScenario.unavailable(this.rows.transport());
	}

	@Override
	public boolean roundTrip() {
		return this.rows.gateways();
	}

	@Override
	public int maxMessageSize() {
		return this.rows.maxMessageSize();
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return this.rows.gateways()
				? Map.of("sink", this.rows.address().apply(a, "sink"), "echo", this.rows.address().apply(a, "echo"))
				: Map.of("sink", this.rows.address().apply(a, "sink"));
	}

	@Override
	public Receiver receiver(Args args) throws Exception {
		Receiver app = SpringApps.receiver(SpringApps.run(StarterReceiverApp.class,
				this.rows.gateways() ? properties("bench-starter-receiver", args, List.of("sink", "echo"))
						: properties("bench-starter-receiver-one-way", args, List.of("sink"))));
		if (!this.rows.transport().equals("message-queue")) {
			return app;
		}
		// as SpiScenario: a queue outlives its endpoints, and the user's queue bytes
		// (RLIMIT_MSGQUEUE, 800 KiB) hold only a few: seven runs left seven queues and
		// the eighth could not create its own
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return app.counter();
			}

			@Override
			public void close() throws Exception {
				try {
					app.close();
				}
				finally {
					PosixMessageQueues.get().mq_unlink(args.get("sink"));
				}
			}

		};
	}

	@Override
	public Sender sender(Args args) throws Exception {
		return SpringApps.sender(SpringApps.run(StarterSenderApp.class,
				this.rows.gateways() ? properties("bench-starter-sender", args, List.of("out", "ask"))
						: properties("bench-starter-sender-one-way", args, List.of("out"))));
	}

	private Map<String, String> properties(String configName, Args args, List<String> endpoints) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.config.name", configName);
		properties.put("bench.transport", this.rows.transport());
		properties.put("bench.sink", args.get("sink"));
		if (this.rows.gateways()) {
			properties.put("bench.echo", args.get("echo"));
		}
		for (String endpoint : endpoints) {
			if (this.rows.maxMessageSize() != TransportRows.STREAM_MAX_MESSAGE_SIZE) {
				properties.put("ipc.endpoints." + endpoint + ".max-message-size",
						String.valueOf(this.rows.maxMessageSize()));
			}
			this.rows.variants().get(this.variant).forEach((key, value) -> {
				// delivery is a one-way setting: a gateway's reply is its acknowledgement
				if (!key.equals(TransportRows.DELIVERY) || !GATEWAYS.contains(endpoint)) {
					properties.put("ipc.endpoints." + endpoint + "." + key, value);
				}
			});
		}
		if (this.rows.variants().get(this.variant).containsKey("tcp.ssl.bundle")) {
			properties.putAll(BenchTls.bundleProperties());
		}
		return properties;
	}

}
