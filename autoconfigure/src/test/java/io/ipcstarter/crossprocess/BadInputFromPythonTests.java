package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Bad input from a non-Java peer (python3, {@code peers/bad_peer.py}) against every
 * inbound role of both socket transports: garbage, a length header far over the limit,
 * 2^31-1, a truncated frame, and a peer killed with SIGKILL in the middle of a frame.
 * Each time the error reaches the endpoint's error channel as an
 * {@link IpcMessagingException} with the right {@link ErrorReason}, good frames before
 * and after get through, and nothing of the bad peer's is delivered.
 */
class BadInputFromPythonTests {

	private static final int BEFORE = 3;

	private static final int AFTER = 2;

	@TempDir
	Path dir;

	/**
	 * Each misbehaviour of {@code bad_peer.py} and the reason it must be reported under.
	 */
	private static final Map<String, ErrorReason> BAD_PEERS = new LinkedHashMap<>();

	static {
		BAD_PEERS.put("garbage", ErrorReason.DECODE);
		BAD_PEERS.put("http", ErrorReason.OVERSIZE);
		BAD_PEERS.put("int-max", ErrorReason.OVERSIZE);
		BAD_PEERS.put("truncated", ErrorReason.DECODE);
		BAD_PEERS.put("mid-frame", ErrorReason.DECODE);
	}

	static Stream<Arguments> inboundEndpoints() {
		List<Arguments> cases = new ArrayList<>();
		for (String transport : List.of("unix-socket", "tcp")) {
			for (String role : List.of("inbound", "inbound-gateway")) {
				cases.add(Arguments.of(transport, role));
			}
		}
		return cases.stream();
	}

	private ApplicationContextRunner endpoint(String transport, String role) {
		String address = transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve("bad.sock").toString();
		return LocalContexts.fromYaml("crossprocess/endpoint.yml")
			.withUserConfiguration(ErrorChannels.class)
			.withPropertyValues("test.transport=" + transport, "test.role=" + role, "test.address=" + address,
					"test.channel=" + (role.equals("inbound") ? "in" : "echo"));
	}

	/**
	 * One endpoint faces every bad peer in turn: one context per endpoint keeps the suite
	 * fast.
	 */
	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("inboundEndpoints")
	void badPeersAreReportedOnTheErrorChannelAndTheEndpointKeepsServing(String transport, String role) {
		endpoint(transport, role).withPropertyValues("ipc.endpoints.local.error-channel=errors").run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			for (Map.Entry<String, ErrorReason> bad : BAD_PEERS.entrySet()) {
				facesBadPeer(context, transport, address, role.equals("inbound-gateway"), bad.getKey(), bad.getValue());
			}
			assertThat(context.getBean(GlobalErrors.class).errors()).as("errors go to the endpoint's own channel")
				.isEmpty();
		});
	}

	/**
	 * Good frames, the bad peer, its error on the error channel, good frames again: one
	 * python process.
	 */
	private static void facesBadPeer(AssertableApplicationContext context, String transport, String address,
			boolean gateway, String mode, ErrorReason expected) throws Exception {
		boolean killed = mode.equals("mid-frame");
		// one python process: good frames, the bad peer, (once the error is seen) good
		// frames again
		try (PeerProcess peer = PythonPeers.start(transport, address, gateway, "--before", String.valueOf(BEFORE),
				"--after", String.valueOf(AFTER), mode)) {
			assertThat(peer.await("GOOD-OK", PythonPeers.WAIT)).isEqualTo(String.valueOf(BEFORE));
			if (!gateway) {
				// across connections there is no order: see the good ones arrive before
				// the bad peer comes
				assertDelivered(context, BEFORE);
			}
			peer.tell("bad now");
			if (killed) {
				peer.await("MID-FRAME", PythonPeers.WAIT);
				// SIGKILL: the kernel closes the socket with half a frame sent
				peer.kill();
			}
			else {
				peer.await("SENT", PythonPeers.WAIT);
			}
			IpcMessagingException error = awaitError(context.getBean("errors", PollableChannel.class), expected);
			assertThat(error.getEndpoint()).as(mode).isEqualTo("local");
			if (!killed) {
				peer.tell("go on");
				assertThat(peer.await("GOOD-OK", PythonPeers.WAIT)).isEqualTo(String.valueOf(AFTER));
				assertThat(peer.awaitExit(PythonPeers.WAIT)).isZero();
			}
		}
		if (killed) {
			PythonPeers.sendGood(transport, address, gateway, AFTER);
		}
		if (!gateway) {
			assertDelivered(context, AFTER);
		}
	}

	@Test
	void withoutAnErrorChannelPropertyErrorsReachTheApplicationErrorChannel() {
		endpoint("unix-socket", "inbound").run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			try (PeerProcess bad = PythonPeers.start("unix-socket", address, false, "truncated")) {
				bad.await("SENT", PythonPeers.WAIT);
			}
			Message<?> error = context.getBean(GlobalErrors.class).errors().poll(10, TimeUnit.SECONDS);
			assertThat(error).as("an error message on errorChannel").isNotNull();
			assertThat(error.getPayload()).isInstanceOfSatisfying(IpcMessagingException.class,
					ex -> assertThat(ex.getReason()).isEqualTo(ErrorReason.DECODE));
			PythonPeers.sendGood("unix-socket", address, false, 1);
			assertDelivered(context, 1);
		});
	}

	private static void assertDelivered(AssertableApplicationContext context, int count) throws InterruptedException {
		BlockingQueue<Message<?>> messages = context.getBean(LocalContexts.Collector.class).messages();
		for (int i = 0; i < count; i++) {
			Message<?> m = messages.poll(10, TimeUnit.SECONDS);
			assertThat(m).as("good message " + i + " of " + count).isNotNull();
			assertThat(new String((byte[]) m.getPayload(), StandardCharsets.UTF_8)).isEqualTo("py-" + i);
		}
		assertThat(messages.poll(100, TimeUnit.MILLISECONDS)).as("nothing else delivered").isNull();
	}

	/**
	 * The next {@link IpcMessagingException} with this reason; others (e.g. a reset
	 * connection's IO) are skipped.
	 */
	static IpcMessagingException awaitError(PollableChannel errors, ErrorReason expected) {
		List<String> others = new ArrayList<>();
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (System.nanoTime() < deadline) {
			Message<?> m = errors.receive(100);
			if (m == null) {
				continue;
			}
			if (m.getPayload() instanceof IpcMessagingException ex) {
				if (ex.getReason() == expected) {
					return ex;
				}
				others.add(ex.getReason() + ": " + ex.getMessage());
			}
			else {
				others.add(String.valueOf(m.getPayload()));
			}
		}
		return fail("No " + expected + " error on the error channel; got " + others);
	}

	/**
	 * {@code errors}, a queue to poll; and whatever reaches the application's
	 * {@code errorChannel}.
	 */
	@Configuration(proxyBeanMethods = false)
	public static class ErrorChannels {

		@Bean
		QueueChannel errors() {
			return new QueueChannel();
		}

		@Bean
		GlobalErrors globalErrors() {
			return new GlobalErrors();
		}

	}

	/** Collects the application's {@code errorChannel}. */
	static class GlobalErrors {

		private final BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();

		@ServiceActivator(inputChannel = "errorChannel")
		public void onError(Message<?> error) {
			this.errors.add(error);
		}

		BlockingQueue<Message<?>> errors() {
			return this.errors;
		}

	}

}
