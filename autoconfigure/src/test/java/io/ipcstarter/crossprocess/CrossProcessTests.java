package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The real IPC proof: every role of both socket transports against a second JVM ({@link PeerApplication}), the test
 * JVM's endpoint configured from {@code crossprocess/endpoint.yml}. Each test pairs a role here with its counterpart
 * in the peer: many concurrent callers for the gateways, 10,000 one-way messages in order for the adapters.
 */
class CrossProcessTests {

	private static final Duration PEER_WAIT = Duration.ofSeconds(60);

	private static final int MESSAGES = 10_000;

	private static final int THREADS = 8;

	private static final int REQUESTS_PER_THREAD = 250;

	@TempDir
	Path dir;

	private String listenAddress(String transport, String name) {
		return transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve(name + ".sock").toString();
	}

	private ApplicationContextRunner local(String transport, String role, String address, String channel) {
		return LocalContexts.fromYaml("crossprocess/endpoint.yml")
			.withPropertyValues("test.transport=" + transport, "test.role=" + role, "test.address=" + address,
					"test.channel=" + channel);
	}

	private static List<String> peerArgs(String transport, String role, String address, String channel,
			String mode, String... more) {
		List<String> args = new ArrayList<>(List.of("--peer.mode=" + mode, "--logging.level.root=WARN",
				"--ipc.endpoints.peer.transport=" + transport, "--ipc.endpoints.peer.role=" + role,
				"--ipc.endpoints.peer.address=" + address, "--ipc.endpoints.peer.channel=" + channel,
				"--ipc.endpoints.peer.send-timeout=10s", "--ipc.endpoints.peer.reply-timeout=10s"));
		args.addAll(List.of(more));
		return args;
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unix-socket", "tcp" })
	void peerOutboundGatewayCallsOurInboundGatewayFromManyThreads(String transport) {
		local(transport, "inbound-gateway", listenAddress(transport, "local"), "echo").run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			try (PeerProcess peer = PeerProcess.java(PeerApplication.class,
					peerArgs(transport, "outbound-gateway", address, "ask", "request", "--peer.threads=" + THREADS,
							"--peer.count=" + REQUESTS_PER_THREAD, "--ipc.endpoints.peer.pool-size=" + THREADS))) {
				peer.await("READY", PEER_WAIT);
				assertThat(peer.await("REPLIES-OK", PEER_WAIT)).isEqualTo(String.valueOf(THREADS * REQUESTS_PER_THREAD));
				assertThat(peer.awaitExit(PEER_WAIT)).isZero();
			}
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unix-socket", "tcp" })
	void peerOutboundSendsTenThousandInOrderToOurInbound(String transport) {
		local(transport, "inbound", listenAddress(transport, "local"), "in").run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			LocalContexts.Collector collector = context.getBean(LocalContexts.Collector.class);
			try (PeerProcess peer = PeerProcess.java(PeerApplication.class,
					peerArgs(transport, "outbound", address, "out", "send", "--peer.count=" + MESSAGES))) {
				peer.await("READY", PEER_WAIT);
				for (int i = 0; i < MESSAGES; i++) {
					Message<?> message = collector.messages().poll(30, TimeUnit.SECONDS);
					if (message == null) {
						fail("Only " + i + " of " + MESSAGES + " messages arrived\n" + peer.output());
					}
					assertThat(new String((byte[]) message.getPayload(), StandardCharsets.UTF_8)).isEqualTo("m" + i);
					if (i == 0) {
						assertThat(message.getHeaders()).containsEntry(IpcHeaders.ENDPOINT, "local")
							.containsEntry(IpcHeaders.TRANSPORT, transport)
							.containsKey(IpcHeaders.PEER);
					}
				}
				assertThat(peer.await("SENT", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
				assertThat(peer.awaitExit(PEER_WAIT)).isZero();
				assertThat(collector.messages().poll(100, TimeUnit.MILLISECONDS)).as("no extra message").isNull();
			}
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unix-socket", "tcp" })
	void ourOutboundGatewayCallsPeerInboundGatewayFromManyThreads(String transport) throws Exception {
		try (PeerProcess peer = PeerProcess.java(PeerApplication.class,
				peerArgs(transport, "inbound-gateway", listenAddress(transport, "peer"), "echo", "echo"))) {
			String address = peer.await("READY", PEER_WAIT);
			local(transport, "outbound-gateway", address, "ask")
				.withPropertyValues("ipc.endpoints.local.payload-type=text", "ipc.endpoints.local.pool-size=" + THREADS)
				.run(context -> {
					assertThat(context).hasNotFailed();
					MessageChannel ask = context.getBean("ask", MessageChannel.class);
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
						for (Future<Integer> f : pool.invokeAll(callers, 60, TimeUnit.SECONDS)) {
							total += f.get();
						}
						assertThat(total).isEqualTo(THREADS * REQUESTS_PER_THREAD);
					}
					finally {
						pool.shutdownNow();
					}
				});
		}
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "unix-socket", "tcp" })
	void ourOutboundSendsTenThousandInOrderToPeerInbound(String transport) throws Exception {
		try (PeerProcess peer = PeerProcess.java(PeerApplication.class,
				peerArgs(transport, "inbound", listenAddress(transport, "peer"), "sink", "sink",
						"--peer.expected=" + MESSAGES))) {
			String address = peer.await("READY", PEER_WAIT);
			local(transport, "outbound", address, "out").run(context -> {
				assertThat(context).hasNotFailed();
				MessageChannel out = context.getBean("out", MessageChannel.class);
				for (int i = 0; i < MESSAGES; i++) {
					assertThat(out.send(new GenericMessage<>(("m" + i).getBytes(StandardCharsets.UTF_8)))).isTrue();
				}
				assertThat(peer.await("ORDER-OK", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
			});
		}
	}

	@org.junit.jupiter.api.Test
	void twoEndpointsOnOneChannelBridgeTwoPeerProcesses() throws Exception {
		String sinkAddress = this.dir.resolve("sink.sock").toString();
		try (PeerProcess sink = PeerProcess.java(PeerApplication.class, peerArgs("unix-socket", "inbound", sinkAddress,
				"sink", "sink", "--peer.expected=" + MESSAGES))) {
			sink.await("READY", PEER_WAIT);
			LocalContexts.fromYaml("crossprocess/bridge.yml").withPropertyValues("test.sink=" + sinkAddress).run(context -> {
				assertThat(context).hasNotFailed();
				String in = context.getBean("ipc.bridge-in", IpcEndpoint.class).getAddress();
				try (PeerProcess sender = PeerProcess.java(PeerApplication.class,
						peerArgs("tcp", "outbound", in, "out", "send", "--peer.count=" + MESSAGES))) {
					sender.await("READY", PEER_WAIT);
					assertThat(sender.await("SENT", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
					assertThat(sink.await("ORDER-OK", PEER_WAIT)).isEqualTo(String.valueOf(MESSAGES));
				}
			});
		}
	}

}
