package io.ipcstarter.actuate;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health of a {@code stdio} inbound endpoint after its parent closed stdin, with the
 * application still running (another endpoint keeps it, an outbound one still sends): the
 * endpoint stays {@code UP} with {@code peers} 0, as monitoring.md defines it (the end of
 * stdin is the parent's way of saying it is done, not a failure), and the other endpoints
 * are untouched. This test's JVM is the parent of a Spring Boot application
 * ({@link StdioHealthApplication}) and closes its stdin.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the application's other endpoints are unix sockets")
class StdioHealthTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@TempDir
	Path dir;

	@Test
	void aStdioInboundEndpointWhoseStdinEndedStaysUpWithNoPeerWhileTheApplicationRuns() throws Exception {
		String socket = this.dir.resolve("back.sock").toString();
		try (PeerProcess app = PeerProcess.java(StdioHealthApplication.class, "--spring.main.banner-mode=off",
				"--logging.threshold.console=OFF", "--ipc.endpoints.in.transport=stdio",
				"--ipc.endpoints.in.role=inbound", "--ipc.endpoints.in.address=-", "--ipc.endpoints.in.framing=line",
				"--ipc.endpoints.in.channel=in", "--ipc.endpoints.back.transport=unix-socket",
				"--ipc.endpoints.back.role=inbound", "--ipc.endpoints.back.address=" + socket,
				"--ipc.endpoints.back.channel=back", "--ipc.endpoints.out.transport=unix-socket",
				"--ipc.endpoints.out.role=outbound", "--ipc.endpoints.out.address=" + socket,
				"--ipc.endpoints.out.channel=out", "--ipc.health.down-after=200ms")) {
			app.awaitLineEqualTo("PEER:READY", WAIT);
			app.tell("hello");
			app.awaitLineEqualTo("PEER:R hello", WAIT);
			app.awaitLine((line) -> line.startsWith("PEER:H in=UP peers=1 "), "in UP with its parent", WAIT);
			app.closeInput();
			String after = app.awaitLine((line) -> line.startsWith("PEER:H in=UP peers=0 "), "in UP, no peer", WAIT);
			assertThat(after).contains("out=UP");
			// well past down-after: still UP, and the application still runs and sends
			int sent = sentIn(after);
			String later = app.awaitLine((line) -> line.startsWith("PEER:H ") && sentIn(line) >= sent + 10,
					"ten more sends", WAIT);
			assertThat(later).startsWith("PEER:H in=UP peers=0 ").contains("out=UP");
			assertThat(app.isAlive()).isTrue();
			app.kill();
		}
	}

	private static int sentIn(String line) {
		return Integer.parseInt(line.replaceAll(".* sent=(\\d+).*", "$1"));
	}

}
