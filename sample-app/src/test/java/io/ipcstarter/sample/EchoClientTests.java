package io.ipcstarter.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link EchoClient}, the sample's Java sender, calling a server in another process: the
 * sample's {@code ask} endpoint is pointed at a python3 echo server
 * ({@code peers/echo_server.py}, length-prefix framing written from docs/wire-formats.md)
 * instead of the sample's own echo gateway, so each answer crossed a process boundary and
 * the peer's log shows the request it answered.
 */
@SpringBootTest
class EchoClientTests {

	@TempDir
	static Path dir;

	static Process peer;

	static final Queue<String> peerSaid = new ConcurrentLinkedQueue<>();

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		SampleAddresses.movedTo(dir).forEach((name, address) -> {
			if (!name.equals("ipc.endpoints.ask.address")) {
				registry.add(name, () -> address);
			}
		});
		registry.add("ipc.endpoints.ask.address", () -> dir.resolve("peer.sock").toString());
	}

	@BeforeAll
	static void startPeer() throws Exception {
		Path script = Path.of(EchoClientTests.class.getResource("/peers/echo_server.py").toURI());
		peer = new ProcessBuilder("python3", "-u", script.toString(), dir.resolve("peer.sock").toString())
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		Thread reader = new Thread(() -> {
			try (BufferedReader lines = new BufferedReader(
					new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8))) {
				lines.lines().forEach(peerSaid::add);
			}
			catch (IOException | UncheckedIOException ex) {
				// the peer was killed: nothing more to read
			}
		}, "echo-server-peer-output");
		reader.setDaemon(true);
		reader.start();
		await().atMost(Duration.ofSeconds(30)).until(() -> peerSaid.contains("PEER:LISTENING"));
	}

	@AfterAll
	static void stopPeer() {
		if (peer != null) {
			peer.destroyForcibly();
		}
	}

	@Autowired
	EchoClient echoClient;

	@Test
	void echoClientShouldGetThePeersAnswer() {
		assertThat(this.echoClient.echo("hello from Java")).isEqualTo("hello from Java");
		assertThat(this.echoClient.echo("h\u00e9llo \u2603")).isEqualTo("h\u00e9llo \u2603");
		await().atMost(Duration.ofSeconds(30))
			.until(() -> peerSaid.containsAll(List.of("PEER:GOT hello from Java", "PEER:GOT h\u00e9llo \u2603")));
	}

}
