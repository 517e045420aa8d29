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
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bytes of {@code docs/wire-formats.md}, written by hand by a python3 peer
 * ({@code peers/framing_peer.py}), for every framing on both socket transports: requests
 * echoed by an inbound gateway, one-way messages delivered by an inbound adapter, and a
 * frame over {@code max-message-size} rejected as OVERSIZE.
 */
class FramingWireFormatTests {

	private static final List<String> FRAMINGS = List.of("length-prefix", "line", "stx-etx", "null-terminated", "raw");

	@TempDir
	Path dir;

	/**
	 * Every framing on unix-socket; tcp shares the framing code, so two framings prove it
	 * is wired the same.
	 */
	static Stream<Arguments> framings() {
		List<Arguments> all = new ArrayList<>();
		for (String framing : FRAMINGS) {
			all.add(Arguments.of("unix-socket", framing));
		}
		all.add(Arguments.of("tcp", "line"));
		all.add(Arguments.of("tcp", "raw"));
		return all.stream();
	}

	/**
	 * An inbound gateway {@code gw} answering on {@code echo} and an inbound adapter
	 * {@code in}, both framed alike.
	 */
	private ApplicationContextRunner endpoints(String transport, String framing) {
		List<String> properties = new ArrayList<>();
		for (String name : List.of("gw", "in")) {
			String p = "ipc.endpoints." + name + ".";
			properties.addAll(List.of(p + "transport=" + transport,
					p + "role=" + (name.equals("gw") ? "inbound-gateway" : "inbound"),
					p + "address=" + (transport.equals("tcp") ? "127.0.0.1:0" : this.dir.resolve(name + ".sock")),
					p + "channel=" + (name.equals("gw") ? "echo" : "in"), p + "framing=" + framing,
					p + "max-message-size=1KB", p + "error-channel=errors"));
		}
		return LocalContexts.plain()
			.withUserConfiguration(BadInputFromPythonTests.ErrorChannels.class)
			.withPropertyValues(properties.toArray(String[]::new));
	}

	private static List<String> payloads(String framing) {
		List<String> payloads = new ArrayList<>(List.of("hi", "h\u00e9llo w\u00f6rld", "x".repeat(1024)));
		if (framing.equals("line")) {
			payloads.add("from a CRLF peer\\r");
		}
		if (!framing.equals("raw")) {
			// raw cannot carry an empty message: zero bytes then EOF is no message
			payloads.add("");
		}
		return payloads;
	}

	@ParameterizedTest(name = "{0} {1}")
	@MethodSource("framings")
	void handWrittenFramesAreEchoedDeliveredAndLimited(String transport, String framing) {
		endpoints(transport, framing).run(context -> {
			assertThat(context).hasNotFailed();
			PollableChannel errors = context.getBean("errors", PollableChannel.class);
			List<String> payloads = payloads(framing);

			String gateway = context.getBean("ipc.gw", IpcEndpoint.class).getAddress();
			try (PeerProcess peer = framingPeer(transport, gateway, framing, "echo", payloads)) {
				assertThat(peer.await("OK", PythonPeers.WAIT)).as("echoes").isEqualTo(String.valueOf(payloads.size()));
			}
			assertThat(errors.receive(0)).as("no error").isNull();

			String inbound = context.getBean("ipc.in", IpcEndpoint.class).getAddress();
			try (PeerProcess peer = framingPeer(transport, inbound, framing, "send", payloads)) {
				peer.await("OK", PythonPeers.WAIT);
			}
			List<String> received = new ArrayList<>();
			for (String expected : payloads) {
				Message<?> m = context.getBean(LocalContexts.Collector.class).messages().poll(10, TimeUnit.SECONDS);
				assertThat(m).as("message '" + expected + "'").isNotNull();
				received.add(new String((byte[]) m.getPayload(), StandardCharsets.UTF_8));
			}
			List<String> sent = payloads.stream().map(p -> p.replace("\\r", "")).toList();
			if (framing.equals("raw")) {
				// one connection per message: connections are served in parallel, so no
				// order among them
				assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
			}
			else {
				assertThat(received).containsExactlyElementsOf(sent);
			}

			try (PeerProcess peer = framingPeer(transport, inbound, framing, "oversize", List.of("5000"))) {
				peer.await("OK", PythonPeers.WAIT);
				BadInputFromPythonTests.awaitError(errors, ErrorReason.OVERSIZE);
			}
			assertThat(context.getBean(LocalContexts.Collector.class).messages().poll(100, TimeUnit.MILLISECONDS))
				.isNull();
		});
	}

	private static PeerProcess framingPeer(String transport, String address, String framing, String mode,
			List<String> payloads) throws Exception {
		List<String> args = new ArrayList<>(
				List.of(transport.equals("tcp") ? "--tcp" : "--unix", address, "--framing", framing, mode));
		args.addAll(payloads);
		return PeerProcess.python("framing_peer.py", args.toArray(String[]::new));
	}

}
