package io.ipcstarter.remote;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Typed remote calls between two Spring applications in two JVMs: this JVM calls an
 * {@link Orders} service that {@link RemotePeerApplication} serves, and serves one that
 * the peer calls, through every kind of method (records, {@code Optional}, collections,
 * {@code void}, overloads, a declared checked exception, an exception the service
 * throws), and a call to a service that hangs times out after {@code reply-timeout}.
 */
class RemoteCallCrossProcessTests {

	private static final Duration PEER_WAIT = Duration.ofSeconds(90);

	/**
	 * The transports with gateway roles on this OS, each served by one endpoint of one
	 * peer JVM.
	 */
	private static final List<String> TRANSPORTS = List.of("unix-socket", "tcp", "named-pipe", "shared-memory");

	@TempDir
	static Path shared;

	@TempDir
	Path dir;

	private static PeerProcess server;

	/** Endpoint name to the address the peer serves it on. */
	private static final Map<String, String> addresses = new HashMap<>();

	/**
	 * One peer JVM serving {@link Orders} on every transport at once: one JVM start for
	 * all of them.
	 */
	@BeforeAll
	static void startServer() throws Exception {
		List<String> properties = new ArrayList<>();
		for (String transport : TRANSPORTS) {
			String name = "orders-" + transport;
			properties.addAll(endpoint(name, transport, "inbound-gateway", serverAddress(transport),
					"calls-" + transport, "10s"));
			properties.addAll(remote(name, name));
		}
		properties.add("ipc.defaults.shared-memory.capacity=256KB");
		properties.add("ipc.defaults.max-message-size=64KB");
		server = peer(properties);
		for (String pair : server.await("READY", PEER_WAIT).split(" ")) {
			int eq = pair.indexOf('=');
			addresses.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
	}

	@AfterAll
	static void stopServer() throws Exception {
		if (server != null) {
			server.close();
		}
	}

	/**
	 * Where the peer serves a transport; the READY line says the real address (a TCP
	 * port).
	 */
	private static String serverAddress(String transport) {
		return switch (transport) {
			case "tcp" -> "127.0.0.1:0";
			case "named-pipe" -> "ipc-remote-test-" + ProcessHandle.current().pid();
			case "shared-memory" -> shared.resolve("orders.ring").toString();
			default -> shared.resolve(transport + ".sock").toString();
		};
	}

	private static List<String> endpoint(String name, String transport, String role, String address, String channel,
			String replyTimeout) {
		String p = "ipc.endpoints." + name + ".";
		return List.of(p + "transport=" + transport, p + "role=" + role, p + "address=" + address,
				p + "channel=" + channel, p + "send-timeout=10s", p + "reply-timeout=" + replyTimeout);
	}

	private static List<String> remote(String name, String endpoint) {
		return List.of("ipc.remote." + name + ".interface=" + Orders.class.getName(),
				"ipc.remote." + name + ".endpoint=" + endpoint);
	}

	private static PeerProcess peer(List<String> properties) throws Exception {
		List<String> args = new ArrayList<>(List.of("--logging.level.root=WARN"));
		properties.forEach((property) -> args.add("--" + property));
		return PeerProcess.java(RemotePeerApplication.class, args.toArray(String[]::new));
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp", "named-pipe", "shared-memory" })
	void callsAServiceInAnotherJvm(String transport) throws Exception {
		// a pipe is reached by its name; READY shows where it lives (a socket path off
		// Windows)
		String address = transport.equals("named-pipe") ? serverAddress(transport)
				: addresses.get("orders-" + transport);
		assertThat(address).as("the peer serves " + transport).isNotNull();
		List<String> client = new ArrayList<>(
				endpoint("orders", transport, "outbound-gateway", address, "orders-calls", "10s"));
		client.addAll(remote("orders", "orders"));
		client.addAll(endpoint("slow", transport, "outbound-gateway", address, "slow-calls", "500ms"));
		client.addAll(remote("slow", "slow"));
		client.add("ipc.defaults.shared-memory.capacity=256KB");
		client.add("ipc.defaults.max-message-size=64KB");
		IpcContextRunners.ipc().withPropertyValues(client.toArray(String[]::new)).run((context) -> {
			assertThat(context).hasNotFailed();
			Orders orders = context.getBean("ipc.remote.orders", Orders.class);
			RemotePeerApplication.calls(orders);
			Orders slow = context.getBean("ipc.remote.slow", Orders.class);
			long start = System.nanoTime();
			assertThatExceptionOfType(RemoteCallTimeoutException.class).isThrownBy(() -> slow.sleep(2_000))
				.satisfies((ex) -> assertThat(ex.getCode()).isEqualTo(RemoteErrorCode.TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_900));
			// the late reply is never taken for another call's (shared-memory serves one
			// call at a time, so this one waits for the sleep to end)
			assertThat(orders.describe("after")).isEqualTo("order after");
		});
	}

	@Test
	void servesACallerInAnotherJvm() throws Exception {
		String address = this.dir.resolve("served.sock").toString();
		List<String> server = new ArrayList<>(
				endpoint("orders", "unix-socket", "inbound-gateway", address, "orders-calls", "10s"));
		server.addAll(remote("orders", "orders"));
		IpcContextRunners.ipc()
			.withUserConfiguration(Service.class)
			.withPropertyValues(server.toArray(String[]::new))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("ipc.orders", IpcEndpoint.class).isRunning()).isTrue();
				List<String> client = new ArrayList<>(
						endpoint("orders", "unix-socket", "outbound-gateway", address, "orders-calls", "10s"));
				client.addAll(remote("orders", "orders"));
				client.add("peer.call=ipc.remote.orders");
				try (PeerProcess peer = peer(client)) {
					peer.await("CALLS-OK", PEER_WAIT);
					assertThat(peer.awaitExit(PEER_WAIT)).isZero();
				}
			});
	}

	@Test
	void anIpcRemoteInterfaceNeedsOnlyItsEndpointOnEitherSide() throws Exception {
		// no ipc.remote: the annotation on Orders names the endpoint, and each side's
		// role makes it the server (the peer JVM) or the caller (this one)
		String address = this.dir.resolve("annotated.sock").toString();
		try (PeerProcess peer = peer(endpoint("orders", "unix-socket", "inbound-gateway", address, "calls", "10s"))) {
			peer.await("READY", PEER_WAIT);
			IpcContextRunners.ipc()
				.withUserConfiguration(ApplicationPackage.class)
				.withPropertyValues(
						endpoint("orders", "unix-socket", "outbound-gateway", address, "orders-calls", "10s")
							.toArray(String[]::new))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RemotePeerApplication.calls(context.getBean("ipc.remote.orders", Orders.class));
				});
		}
	}

	/** An application whose package holds {@link Orders}, so its annotation is found. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationPackage {

	}

	@Configuration(proxyBeanMethods = false)
	static class Service {

		@Bean
		InMemoryOrders orders() {
			return new InMemoryOrders();
		}

	}

}
