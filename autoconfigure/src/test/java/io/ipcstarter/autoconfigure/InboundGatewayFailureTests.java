package io.ipcstarter.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

import io.ipcstarter.crossprocess.PythonPeers;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an inbound gateway does when the application does not answer: a handler that
 * fails, one that returns nothing, and a peer that leaves before its reply. Each is
 * reported under its own reason on the application's {@code errorChannel}, the caller is
 * not left waiting for its whole reply-timeout, and the gateway keeps serving.
 */
class InboundGatewayFailureTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc().withUserConfiguration(Services.class);

	@TempDir
	Path dir;

	private ApplicationContextRunner gateway(Path socket, String channel) {
		return this.runner.withPropertyValues("ipc.endpoints.gw.transport=unix-socket",
				"ipc.endpoints.gw.role=inbound-gateway", "ipc.endpoints.gw.address=" + socket,
				"ipc.endpoints.gw.channel=" + channel, "ipc.endpoints.gw.reply-timeout=500ms");
	}

	private static IpcClient client(Path socket) {
		EndpointSpec spec = EndpointSpec.builder("caller", "unix-socket", Role.OUTBOUND_GATEWAY, socket.toString())
			.replyTimeout(Duration.ofSeconds(20))
			.build();
		return Transports.get("unix-socket").createClient(spec);
	}

	private static IpcMessagingException nextError(Services services, ErrorReason reason) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		StringBuilder others = new StringBuilder();
		while (System.nanoTime() < deadline) {
			Message<?> m = services.errors.poll(100, TimeUnit.MILLISECONDS);
			if (m != null && m.getPayload() instanceof IpcMessagingException ex) {
				if (ex.getReason() == reason) {
					return ex;
				}
				others.append(ex.getReason()).append(": ").append(ex.getMessage()).append('\n');
			}
		}
		throw new AssertionError("No " + reason + " error on errorChannel; others:\n" + others);
	}

	@Test
	void failingHandlerIsReportedAsHandlerAndTheCallerFailsFast() {
		Path socket = this.dir.resolve("fail.sock");
		gateway(socket, "failing").run(context -> {
			Services services = context.getBean(Services.class);
			try (IpcClient client = client(socket)) {
				long start = System.nanoTime();
				assertThatThrownBy(() -> client.request(bytes("boom"))).isInstanceOf(IOException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
				IpcMessagingException error = nextError(services, ErrorReason.HANDLER);
				assertThat(error).hasRootCauseMessage("the service failed on purpose");
			}
		});
	}

	@Test
	void handlerWithoutAReplyIsReportedAsTimeoutAndTheCallerFailsAfterTheGatewaysReplyTimeout() {
		Path socket = this.dir.resolve("silent.sock");
		gateway(socket, "silent").run(context -> {
			Services services = context.getBean(Services.class);
			try (IpcClient client = client(socket)) {
				long start = System.nanoTime();
				assertThatThrownBy(() -> client.request(bytes("anyone?"))).isInstanceOf(IOException.class);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the gateway's 500ms, not the caller's 20s")
					.isLessThan(Duration.ofSeconds(10));
				IpcMessagingException error = nextError(services, ErrorReason.TIMEOUT);
				assertThat(error).hasMessageContaining("gw").hasMessageContaining("reply");
			}
			// still serving
			try (IpcClient client = client(this.dir.resolve("silent.sock"))) {
				assertThatThrownBy(() -> client.request(bytes("again?"))).isInstanceOf(IOException.class);
			}
		});
	}

	@Test
	void noReplyWithAnErrorChannelThatAnswersNothingIsATimeoutToo() {
		Path socket = this.dir.resolve("silent-errors.sock");
		gateway(socket, "silent").withPropertyValues("ipc.endpoints.gw.error-channel=gatewayErrors").run(context -> {
			try (IpcClient client = client(socket)) {
				assertThatThrownBy(() -> client.request(bytes("anyone?"))).isInstanceOf(IOException.class);
			}
			PollableChannel errors = context.getBean("gatewayErrors", PollableChannel.class);
			List<ErrorReason> reasons = new ArrayList<>();
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			while (!reasons.contains(ErrorReason.TIMEOUT) && System.nanoTime() < deadline) {
				Message<?> m = errors.receive(100);
				if (m != null && m.getPayload() instanceof IpcMessagingException ex) {
					reasons.add(ex.getReason());
				}
			}
			assertThat(reasons).contains(ErrorReason.TIMEOUT).doesNotContain(ErrorReason.HANDLER);
		});
	}

	@Test
	void peerThatLeavesBeforeItsReplyIsAnIoErrorNotAHandlerError() {
		Path socket = this.dir.resolve("leave.sock");
		gateway(socket, "slow").run(context -> {
			Services services = context.getBean(Services.class);
			String address = context.getBean("ipc.gw", IpcEndpoint.class).getAddress();
			// python sends one request frame and exits without reading the reply
			try (PeerProcess peer = PythonPeers.start("unix-socket", address, false, "good", "1")) {
				peer.awaitExit(PythonPeers.WAIT);
			}
			// the reply is written to a connection whose peer is gone
			services.release.countDown();
			IpcMessagingException error = nextError(services, ErrorReason.IO);
			assertThat(error.getEndpoint()).isEqualTo("gw");
			assertThat(services.errors.stream()
				.map(Message::getPayload)
				.filter(IpcMessagingException.class::isInstance)
				.map(p -> ((IpcMessagingException) p).getReason())).doesNotContain(ErrorReason.HANDLER);
		});
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Services {

		final BlockingQueue<Message<?>> errors = new LinkedBlockingQueue<>();

		final CountDownLatch release = new CountDownLatch(1);

		@org.springframework.context.annotation.Bean
		QueueChannel gatewayErrors() {
			return new QueueChannel();
		}

		@ServiceActivator(inputChannel = "failing")
		public Object fail(Object payload) {
			throw new IllegalStateException("the service failed on purpose");
		}

		@ServiceActivator(inputChannel = "silent")
		public Object silent(Object payload) {
			return null;
		}

		@ServiceActivator(inputChannel = "slow")
		public Object slow(Object payload) throws InterruptedException {
			this.release.await(10, TimeUnit.SECONDS);
			return payload;
		}

		@ServiceActivator(inputChannel = "errorChannel")
		public void onError(Message<?> error) {
			this.errors.add(error);
		}

	}

}
