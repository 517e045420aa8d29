package io.ipcstarter.autoconfigure;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.PollableChannel;

import io.ipcstarter.crossprocess.LocalContexts;
import io.ipcstarter.crossprocess.PythonPeers;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unix-socket security defaults through the auto-configuration: owner-only socket
 * files (or the configured {@code permissions}), an owner-only parent directory when one
 * is created, the file removed on stop, a stale file replaced, and {@code allowed-uids}
 * refusing peers with {@code PEER_REJECTED}, and {@code max-connections} keeping further
 * peers waiting (not refusing them). Peers are python3 processes.
 */
class UnixSocketSecurityTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withUserConfiguration(LocalContexts.LocalConfiguration.class, Errors.class);

	@TempDir
	Path dir;

	private ApplicationContextRunner inbound(Path socket, String... more) {
		return this.runner
			.withPropertyValues("ipc.endpoints.s.transport=unix-socket", "ipc.endpoints.s.role=inbound",
					"ipc.endpoints.s.address=" + socket, "ipc.endpoints.s.channel=in",
					"ipc.endpoints.s.error-channel=errors")
			.withPropertyValues(more);
	}

	private int myUid() throws Exception {
		return (Integer) Files.getAttribute(this.dir, "unix:uid");
	}

	@Test
	void socketFileIsOwnerOnlyAndRemovedOnStop() {
		Path socket = this.dir.resolve("private.sock");
		inbound(socket).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
		});
		assertThat(socket).as("removed when the context stops").doesNotExist();
	}

	@Test
	void configuredPermissionsAreApplied() {
		Path socket = this.dir.resolve("group.sock");
		inbound(socket, "ipc.endpoints.s.permissions=rw-rw----").run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-rw----");
		});
	}

	@Test
	void missingParentDirectoryIsCreatedOwnerOnly() {
		Path socket = this.dir.resolve("run/app/s.sock");
		inbound(socket).run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket.getParent())))
				.isEqualTo("rwx------");
			PythonPeers.sendGood("unix-socket", socket.toString(), false, 1);
			assertThat(context.getBean(LocalContexts.Collector.class).messages().poll(10, TimeUnit.SECONDS))
				.isNotNull();
		});
	}

	@Test
	void staleSocketFileFromACrashedRunIsReplaced() throws Exception {
		Path socket = this.dir.resolve("stale.sock");
		try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
			crashed.bind(UnixDomainSocketAddress.of(socket));
		}
		assertThat(socket).as("closing does not unlink: the file is stale now").exists();
		inbound(socket).run(context -> {
			assertThat(context).hasNotFailed();
			PythonPeers.sendGood("unix-socket", socket.toString(), false, 2);
			assertThat(context.getBean(LocalContexts.Collector.class).messages().poll(10, TimeUnit.SECONDS))
				.isNotNull();
		});
		assertThat(socket).doesNotExist();
	}

	@Test
	void allowedUidsIncludingMineAcceptsMyPeerAndTellsItsUid() throws Exception {
		Path socket = this.dir.resolve("mine.sock");
		int uid = myUid();
		inbound(socket, "ipc.endpoints.s.allowed-uids=" + (uid + 4242) + "," + uid).run(context -> {
			assertThat(context).hasNotFailed();
			PythonPeers.sendGood("unix-socket", socket.toString(), false, 1);
			Message<?> message = context.getBean(LocalContexts.Collector.class).messages().poll(10, TimeUnit.SECONDS);
			assertThat(message).isNotNull();
			assertThat(message.getHeaders()).containsEntry(IpcHeaders.PEER_UID, uid)
				.containsEntry(IpcHeaders.ENDPOINT, "s")
				.containsEntry(IpcHeaders.TRANSPORT, "unix-socket");
		});
	}

	@Test
	void allowedUidsWithoutMineRejectsMyPeer() throws Exception {
		Path socket = this.dir.resolve("theirs.sock");
		int other = myUid() + 4242;
		inbound(socket, "ipc.endpoints.s.allowed-uids=" + other).run(context -> {
			assertThat(context).hasNotFailed();
			try (PeerProcess peer = PythonPeers.start("unix-socket", socket.toString(), false, "good", "1")) {
				// its write may or may not fail: the connection is closed on it
				peer.awaitExit(PythonPeers.WAIT);
			}
			IpcMessagingException error = nextError(context.getBean("errors", PollableChannel.class));
			assertThat(error.getReason()).isEqualTo(ErrorReason.PEER_REJECTED);
			assertThat(error).hasMessageContaining("not in allowed-uids [" + other + "]");
			assertThat(context.getBean(LocalContexts.Collector.class).messages().poll(200, TimeUnit.MILLISECONDS))
				.as("nothing from a rejected peer")
				.isNull();
			assertThat(context.getBean("ipc.s", IpcEndpoint.class).isRunning()).isTrue();
		});
	}

	@Test
	void peersBeyondMaxConnectionsWaitForAPlaceAndLoseNothing() throws Exception {
		Path socket = this.dir.resolve("full.sock");
		inbound(socket, "ipc.endpoints.s.max-connections=1").run(context -> {
			assertThat(context).hasNotFailed();
			IpcEndpoint endpoint = context.getBean("ipc.s", IpcEndpoint.class);
			BlockingQueue<Message<?>> messages = context.getBean(LocalContexts.Collector.class).messages();
			try (SocketChannel first = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
				org.awaitility.Awaitility.await()
					.atMost(java.time.Duration.ofSeconds(10))
					.until(() -> endpoint.getPeerCount() == 1);
				// a one-way peer beyond the limit: it writes and exits; its bytes wait in
				// the OS until a place frees
				PythonPeers.sendGood("unix-socket", socket.toString(), false, 3);
				assertThat(messages.poll(300, TimeUnit.MILLISECONDS)).as("not read while the limit is reached")
					.isNull();
			}
			for (int i = 0; i < 3; i++) {
				assertThat(messages.poll(10, TimeUnit.SECONDS)).as("message " + i + " of the waiting peer").isNotNull();
			}
			assertThat(context.getBean("errors", PollableChannel.class).receive(100)).as("no refusal, no error")
				.isNull();
		});
	}

	private static IpcMessagingException nextError(PollableChannel errors) {
		Message<?> message = errors.receive(10_000);
		assertThat(message).as("an error message").isNotNull();
		assertThat(message.getPayload()).isInstanceOf(IpcMessagingException.class);
		return (IpcMessagingException) message.getPayload();
	}

	@Configuration(proxyBeanMethods = false)
	static class Errors {

		@Bean
		QueueChannel errors() {
			return new QueueChannel();
		}

	}

}
