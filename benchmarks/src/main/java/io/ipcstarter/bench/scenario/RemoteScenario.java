package io.ipcstarter.bench.scenario;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.spring.RemoteEcho;
import io.ipcstarter.bench.spring.RemoteReceiverApp;
import io.ipcstarter.bench.spring.SpringApps;
import io.ipcstarter.bench.spring.StarterSenderApp;

/**
 * Typed remote calls over {@code unix-socket}: the full starter's two apps, with the
 * gateway pair carrying a remote ({@code ipc.remote.echo}, interface {@link RemoteEcho}).
 * Its round trip is a call of the sender's proxy, {@code echo(byte[])}: the call envelope
 * (the payload as base64 JSON), the outbound gateway, the inbound gateway, the remote's
 * handler calling {@link RemoteEcho.Service}, and the reply envelope read back; next to
 * {@code unix-socket/starter}'s round trip (the same endpoints with raw bytes) it is the
 * cost of the remote layer. A remote call has no one-way form, so the one-way rate is the
 * starter row's path ({@code out} to {@code sink}), measured again.
 */
final class RemoteScenario implements Scenario {

	private final TransportRows rows;

	RemoteScenario(TransportRows rows) {
		this.rows = rows;
	}

	@Override
	public String id() {
		return this.rows.transport() + "/remote";
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
		return "typed remote call (ipc.remote, JSON envelope) over the starter's gateways; one-way as starter";
	}

	@Override
	public String unavailableReason() {
		return SpiScenario.unavailable(this.rows.transport());
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("sink", this.rows.address().apply(a, "sink"), "echo", this.rows.address().apply(a, "echo"));
	}

	@Override
	public Receiver receiver(Args args) throws Exception {
		Map<String, String> properties = properties("bench-starter-receiver", args);
		// the inbound gateway feeds the remote, not the starter row's echo service
		// activator
		properties.put("ipc.endpoints.echo.channel", "remote-calls");
		properties.put("ipc.remote.echo.endpoint", "echo");
		return SpringApps.receiver(SpringApps.run(RemoteReceiverApp.class, properties));
	}

	@Override
	public Sender sender(Args args) throws Exception {
		Map<String, String> properties = properties("bench-starter-sender", args);
		properties.put("ipc.remote.echo.endpoint", "ask");
		ConfigurableApplicationContext context = SpringApps.run(StarterSenderApp.class, properties);
		Sender starter = SpringApps.sender(context);
		RemoteEcho echo = context.getBean(RemoteEcho.class);
		return new Sender() {

			@Override
			public void send(byte[] payload) throws Exception {
				starter.send(payload);
			}

			@Override
			public byte[] request(byte[] payload) {
				return echo.echo(payload);
			}

			@Override
			public void close() throws Exception {
				starter.close();
			}

		};
	}

	private Map<String, String> properties(String configName, Args args) {
		Map<String, String> properties = new HashMap<>();
		properties.put("spring.config.name", configName);
		properties.put("bench.transport", this.rows.transport());
		properties.put("bench.sink", args.get("sink"));
		properties.put("bench.echo", args.get("echo"));
		properties.put("ipc.remote.echo.interface", RemoteEcho.class.getName());
		return properties;
	}

}
