package io.ipcstarter.bench.scenario;

import java.util.Map;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.spring.SiTcpReceiverApp;
import io.ipcstarter.bench.spring.SiTcpSenderApp;
import io.ipcstarter.bench.spring.SpringApps;

/**
 * The peer a user would pick today: Spring Integration's TCP adapters and gateways over
 * loopback, in two Spring Boot apps shaped exactly like the full-starter rows (same
 * channels, same sink and service activator).
 */
final class SpringTcpScenario implements Scenario {

	/**
	 * Whether over TLS: Spring Integration's own SSL support
	 * ({@code DefaultTcpSSLContextSupport}) with the benchmark's key ({@link BenchTls}).
	 */
	private final boolean tls;

	SpringTcpScenario(boolean tls) {
		this.tls = tls;
	}

	@Override
	public String id() {
		return this.tls ? "si-tcp/peer/tls" : "si-tcp/peer";
	}

	@Override
	public String transport() {
		return "tcp";
	}

	@Override
	public Layer layer() {
		return Layer.PEER;
	}

	@Override
	public String description() {
		return "Spring Integration TCP adapters (spring-integration-ip, TcpNet)" + (this.tls ? ", TLS" : "");
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("sink", a.tcp(), "echo", a.tcp());
	}

	@Override
	public Receiver receiver(Args args) throws Exception {
		return SpringApps.receiver(SpringApps.run(SiTcpReceiverApp.class, properties(args)));
	}

	@Override
	public Sender sender(Args args) throws Exception {
		return SpringApps.sender(SpringApps.run(SiTcpSenderApp.class, properties(args)));
	}

	private Map<String, String> properties(Args args) {
		return Map.of("spring.config.name", "bench-si-tcp", "bench.sink", args.get("sink"), "bench.echo",
				args.get("echo"), "bench.tls.keystore", this.tls ? BenchTls.location() : "", "bench.tls.password",
				BenchTls.password());
	}

}
