package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of {@code docs/wire-formats.md}, written by hand by a python3 peer ({@code peers/framing_peer.py}), for
 * every framing on both socket transports: requests echoed by an inbound gateway, one-way messages delivered by an
 * inbound adapter, and a frame over {@code max-message-size} rejected as OVERSIZE.
 */
class FramingWireFormatTests {

	private static final List<String> FRAMINGS = List.of("length-prefix", "line", "stx-etx", "null-terminated", "raw");

	@TempDir
	Path dir;

	static Stream<Arguments> framings() {
		List<Arguments> all = new ArrayList<>();
		for (String transport : List.of("unix-socket", "tcp")) {
			for (String framing : FRAMINGS) {
				all.add(Arguments.of(transport, framing));
			}
		}
		return all.stream();
	}

	private ApplicationContextRunner endpoint(String transport, String role, String framing) {
		String address = transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve("f.sock").toString();
		return LocalContexts.fromYaml("crossprocess/endpoint.yml")
			.withUserConfiguration(BadInputFromPythonTests.ErrorChannels.class)
			.withPropertyValues("test.transport=" + transport, "test.role=" + role, "test.address=" + address,
					"test.channel=" + (role.equals("inbound") ? "in" : "echo"), "ipc.endpoints.local.framing=" + framing,
					"ipc.endpoints.local.max-message-size=1KB", "ipc.endpoints.local.error-channel=errors");
	}

	private static List<String> payloads(String framing) {
		List<String> payloads = new ArrayList<>(List.of("hi", "h\u00e9llo w\u00f6rld", "x".repeat(1024)));
		if (framing.equals("line")) {
			payloads.add("from a CRLF peer\\r");
		}
		if (!framing.equals("raw")) {
			payloads.add(""); // raw cannot carry an empty message: zero bytes then EOF is no message
		}
		return payloads;
	}

	private static String[] run(String transport, String address, String framing, String mode, List<String> args) {
		List<String> all = new ArrayList<>(List.of("--framing", framing, mode));
		all.addAll(args);
		return all.toArray(String[]::new);
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framings")
	void gatewayEchoesHandWrittenFrames(String transport, String framing) {
		endpoint(transport, "inbound-gateway", framing).run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			List<String> payloads = payloads(framing);
			try (PeerProcess peer = framingPeer(transport, address, run(transport, address, framing, "echo", payloads))) {
				assertThat(peer.await("OK", PythonPeers.WAIT)).isEqualTo(String.valueOf(payloads.size()));
			}
			assertThat(context.getBean("errors", PollableChannel.class).receive(0)).as("no error").isNull();
		});
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framings")
	void inboundDeliversHandWrittenFramesInOrder(String transport, String framing) {
		endpoint(transport, "inbound", framing).run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			List<String> payloads = payloads(framing);
			try (PeerProcess peer = framingPeer(transport, address, run(transport, address, framing, "send", payloads))) {
				peer.await("OK", PythonPeers.WAIT);
			}
			for (String expected : payloads) {
				Message<?> m = context.getBean(LocalContexts.Collector.class).messages().poll(10, TimeUnit.SECONDS);
				assertThat(m).as("message '" + expected + "'").isNotNull();
				assertThat(new String((byte[]) m.getPayload(), StandardCharsets.UTF_8))
					.isEqualTo(expected.replace("\\r", ""));
			}
		});
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framings")
	void frameOverMaxMessageSizeIsOversize(String transport, String framing) {
		endpoint(transport, "inbound", framing).run(context -> {
			assertThat(context).hasNotFailed();
			String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
			try (PeerProcess peer = framingPeer(transport, address,
					run(transport, address, framing, "oversize", List.of("5000")))) {
				peer.await("OK", PythonPeers.WAIT);
				BadInputFromPythonTests.awaitError(context.getBean("errors", PollableChannel.class),
						ErrorReason.OVERSIZE);
			}
			assertThat(context.getBean(LocalContexts.Collector.class).messages().poll(100, TimeUnit.MILLISECONDS))
				.isNull();
		});
	}

	private static PeerProcess framingPeer(String transport, String address, String[] args) throws Exception {
		List<String> command = new ArrayList<>(List.of("python3", "-u",
				Path.of(FramingWireFormatTests.class.getResource("/peers/framing_peer.py").toURI()).toString(),
				transport.equals("tcp") ? "--tcp" : "--unix", address));
		command.addAll(List.of(args));
		return PeerProcess.start(command);
	}

}
