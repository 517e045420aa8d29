package io.ipcstarter.actuate;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code headers: json} against a python3 peer that builds the header block from the
 * documented layout, bad blocks included.
 */
class HeaderBlockInteropTests {

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withBean("events", QueueChannel.class);

	@TempDir
	Path dir;

	@Test
	void headersFromAPythonPeerShouldBecomeMessageHeadersAndBadBlocksCountAsDecodeErrors() throws Exception {
		String sock = this.dir.resolve("h.sock").toString();
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=unix-socket", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + sock, "ipc.endpoints.events.channel=events",
					"ipc.endpoints.events.headers=json", "ipc.endpoints.events.payload-type=text")
			.run((context) -> {
				PeerProcess.runPython("header_frames.py", sock);
				QueueChannel events = context.getBean("events", QueueChannel.class);
				Message<?> first = events.receive(10_000);
				assertThat(first.getPayload()).isEqualTo("first");
				assertThat(first.getHeaders()).containsEntry("tenant", "acme")
					.containsEntry("note", "caf\u00e9 \"quoted\"")
					.containsEntry(IpcHeaders.ENDPOINT, "events");
				assertThat(first.getHeaders().get(IpcHeaders.PEER_UID))
					.as("a peer cannot set ipc_ headers: this one is ours, from SO_PEERCRED")
					.isInstanceOf(Integer.class);
				Message<?> last = events.receive(10_000);
				assertThat(last.getPayload()).as("the endpoint survives bad blocks on the same connection")
					.isEqualTo("last");
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("events");
				await().atMost(Duration.ofSeconds(5)).until(() -> activity.errors() == 2);
				assertThat(activity.lastError().reason()).isEqualTo("decode");
				assertThat(activity.received()).isEqualTo(2);
			});
	}

	@Test
	void outboundGatewayShouldSendHeadersAndTakeThemFromTheReply() throws Exception {
		String sock = this.dir.resolve("echo.sock").toString();
		try (PeerProcess echo = PeerProcess.python("echo_server.py", sock, "headers")) {
			assertThat(echo.nextLine(Duration.ofSeconds(30))).isEqualTo("ready");
			this.runner
				.withPropertyValues("ipc.endpoints.ask.transport=unix-socket",
						"ipc.endpoints.ask.role=outbound-gateway", "ipc.endpoints.ask.address=" + sock,
						"ipc.endpoints.ask.channel=ask", "ipc.endpoints.ask.headers=json",
						"ipc.endpoints.ask.payload-type=text")
				.run((context) -> {
					// the python peer parses the header block, answers with the same
					// headers plus served-by
					Message<?> reply = new org.springframework.integration.core.MessagingTemplate().sendAndReceive(
							context.getBean("ask", org.springframework.messaging.MessageChannel.class),
							org.springframework.messaging.support.MessageBuilder.withPayload("hi")
								.setHeader("tenant", "acme")
								.setHeader("attempt", 3)
								.build());
					assertThat(reply.getPayload()).isEqualTo("hi");
					assertThat(reply.getHeaders()).containsEntry("tenant", "acme")
						.containsEntry("served-by", "python")
						.as("only string headers travel, never id, timestamp, replyChannel or ipc_*")
						.containsEntry("names-seen", "tenant");
				});
		}
	}

}
