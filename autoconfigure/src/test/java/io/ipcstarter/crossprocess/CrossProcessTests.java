package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real IPC proof: every role of both socket transports against a second JVM
 * ({@link PeerApplication}), the test JVM's endpoints configured from YAML
 * ({@code crossprocess/servers.yml}, {@code crossprocess/clients.yml}). Each role here
 * meets its counterpart there: many concurrent callers for the gateways, 10,000 one-way
 * messages in order for the adapters. One peer JVM per transport plays all four roles, so
 * the suite pays for few JVM start-ups.
 */
class CrossProcessTests {

	private static final Duration PEER_WAIT = Duration.ofSeconds(90);

	private static final int MESSAGES = 10_000;

	private static final int THREADS = 8;

	private static final int REQUESTS_PER_THREAD = 250;

	@TempDir
	Path dir;

	private String listenAddress(String transport, String name) {
		return transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve(name + ".sock").toString();
	}

	private static List<String> peerEndpoint(String name, String transport, String role, String address,
			String channel) {
		String p = "--ipc.endpoints." + name + ".";
		return List.of(p + "transport=" + transport, p + "role=" + role, p + "address=" + address,
				p + "channel=" + channel, p + "send-timeout=10s", p + "reply-timeout=10s");
	}

	private static PeerProcess peer(List<String> args) throws Exception {
		List<String> all = new ArrayList<>(List.of("--logging.level.root=WARN", "--peer.expected=" + MESSAGES));
		all.addAll(args);
		return PeerProcess.java(PeerApplication.class, all.toArray(String[]::new));
	}

	/** {@code name=address} pairs of the peer's READY line. */
	private static Map<String, String> addresses(String ready) {
		Map<String, String> byName = new HashMap<>();
		for (String pair : ready.split(" ")) {
			int eq = pair.indexOf('=');
			byName.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
		return byName;
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unix-socket", "tcp" })
	void everyRoleMeetsItsCounterpartInAnotherJvm(String transport) {
		LocalContexts.fromYaml("crossprocess/servers.yml")
			.withPropertyValues("test.transport=" + transport, "test.in-address=" + listenAddress(transport, "in"),
					"test.gw-address=" + listenAddress(transport, "gw"))
			.run(servers -> {
				assertThat(servers).hasNotFailed();
				List<String> args = new ArrayList<>();
				args.addAll(peerEndpoint("peer-echo", transport, "inbound-gateway", listenAddress(transport, "echo"),
						"echo"));
				args.addAll(peerEndpoint("peer-sink", transport, "inbound", listenAddress(transport, "sink"), "sink"));
				args.addAll(peerEndpoint("peer-send", transport, "outbound",
						servers.getBean("ipc.local-in", IpcEndpoint.class).getAddress(), "out"));
				args.addAll(peerEndpoint("peer-ask", transport, "outbound-gateway",
						servers.getBean("ipc.local-gw", IpcEndpoint.class).getAddress(), "ask"));
				args.add("--ipc.endpoints.peer-ask.pool-size=" + THREADS);
				try (PeerProcess peer = peer(args)) {
					Map<String, String> peerAddresses = addresses(peer.await("READY", PEER_WAIT));
					peerOutboundGatewayCallsOurInboundGatewayFromManyThreads(peer);
					peerOutboundSendsTenThousandInOrderToOurInbound(servers, peer, transport);
					LocalContexts.fromYaml("crossprocess/clients.yml")
						.withPropertyValues("test.transport=" + transport,
								"test.sink-address=" + peerAddresses.get("peer-sink"),
								"test.echo-address=" + peerAddresses.get("peer-echo"))
						.run(clients -> {
							assertThat(clients).hasNotFailed();
							ourOutboundGatewayCallsPeerInboundGatewayFromManyThreads(clients);
							ourOutboundSendsTenThousandInOrderToPeerInbound(clients, peer);
						});
				}
			});
	}

	private static void peerOutboundGatewayCallsOurInboundGatewayFromManyThreads(PeerProcess peer) throws Exception {
		peer.tell("request " + THREADS + " " + REQUESTS_PER_THREAD);
		assertThat(peer.await("REPLIES-OK", PEER_WAIT)).isEqualTo(String.valueOf(THREADS * REQUESTS_PER_THREAD));
	}

	private static void peerOutboundSendsTenThousandInOrderToOurInbound(AssertableApplicationContext servers,
			PeerProcess peer, String transport) throws Exception {
		LocalContexts.Collector collector = servers.getBean(LocalContexts.Collector.class);
		peer.tell("send " + MESSAGES);
		for (int i = 0; i < MESSAGES; i++) {
			Message<?> message = collector.messages().poll(30, TimeUnit.SECONDS);
			if (message == null) {
				fail("Only " + i + " of " + MESSAGES + " messages arrived\n" + peer.output());
			}
			assertThat(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
			if (i == 0) {
				assertThat(message.getHeaders()).containsEntry(IpcHeaders.ENDPOINT, "local-in")
					.containsEntry(IpcHeaders.TRANSPORT, transport)
					.containsKey(IpcHeaders.PEER);
			}
		}
		assertThat(peer.await("SENT", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
		assertThat(collector.messages().poll(100, TimeUnit.MILLISECONDS)).as("no extra message").isNull();
	}

	private static void ourOutboundGatewayCallsPeerInboundGatewayFromManyThreads(AssertableApplicationContext clients)
			throws Exception {
		MessageChannel ask = clients.getBean("ask", MessageChannel.class);
		MessagingTemplate template = new MessagingTemplate();
		ExecutorService pool = Executors.newFixedThreadPool(THREADS);
		try {
			List<Callable<Integer>> callers = new ArrayList<>();
			for (int t = 0; t < THREADS; t++) {
				int id = t;
				callers.add(() -> {
					for (int i = 0; i < REQUESTS_PER_THREAD; i++) {
						String request = "t" + id + "-" + i;
						Message<?> reply = template.sendAndReceive(ask, new GenericMessage<>(request));
						assertThat(reply).isNotNull();
						assertThat(reply.getPayload()).isEqualTo(request);
					}
					return REQUESTS_PER_THREAD;
				});
			}
			int total = 0;
			for (Future<Integer> f : pool.invokeAll(callers, 90, TimeUnit.SECONDS)) {
				total += f.get();
			}
			assertThat(total).isEqualTo(THREADS * REQUESTS_PER_THREAD);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void ourOutboundSendsTenThousandInOrderToPeerInbound(AssertableApplicationContext clients,
			PeerProcess peer) throws Exception {
		MessageChannel out = clients.getBean("out", MessageChannel.class);
		for (int i = 0; i < MESSAGES; i++) {
			assertThat(out.send(new GenericMessage<>(("m" + i).getBytes(StandardCharsets.UTF_8)))).isTrue();
		}
		assertThat(peer.await("ORDER-OK", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
	}

	@Test
	void twoEndpointsOnOneChannelBridgeTwoPeerProcesses() throws Exception {
		String sinkAddress = this.dir.resolve("sink.sock").toString();
		try (PeerProcess sink = peer(peerEndpoint("peer-sink", "unix-socket", "inbound", sinkAddress, "sink"))) {
			sink.await("READY", PEER_WAIT);
			LocalContexts.fromYaml("crossprocess/bridge.yml")
				.withPropertyValues("test.sink=" + sinkAddress)
				.run(context -> {
					assertThat(context).hasNotFailed();
					String in = context.getBean("ipc.bridge-in", IpcEndpoint.class).getAddress();
					List<String> args = new ArrayList<>(peerEndpoint("peer-send", "tcp", "outbound", in, "out"));
					args.add("--peer.run=send " + MESSAGES);
					try (PeerProcess sender = peer(args)) {
						sender.await("READY", PEER_WAIT);
						assertThat(sender.await("SENT", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
						assertThat(sink.await("ORDER-OK", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
						assertThat(sender.awaitExit(PEER_WAIT)).isZero();
					}
				});
		}
	}

}
