package io.ipcstarter.transport.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.CollectingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines of every stream client are watched from one shared {@code ipc-deadlines} thread, not a thread per
 * client, and a call that overruns still fails with a timeout. Over a real unix-socket gateway that never answers.
 */
class DeadlineWatchdogTests {

	private static final Duration REPLY_TIMEOUT = Duration.ofMillis(300);

	@TempDir
	Path dir;

	@Test
	void callsOfSeveralClientsShouldTimeOutWatchedByOneSharedThread() throws Exception {
		IpcTransport transport = Transports.find("unix-socket");
		String socket = this.dir.resolve("gw.sock").toString();
		CountDownLatch release = new CountDownLatch(1);
		CollectingListener silent = new CollectingListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				release.await(10, TimeUnit.SECONDS); // never answers in time
			}

		};
		IpcServer server = transport
			.createServer(EndpointSpec.builder("gw", "unix-socket", Role.INBOUND_GATEWAY, socket).build());
		List<IpcClient> clients = new ArrayList<>();
		try {
			server.start(silent);
			List<CompletableFuture<Throwable>> calls = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				IpcClient client = transport.createClient(EndpointSpec
					.builder("caller" + i, "unix-socket", Role.OUTBOUND_GATEWAY, socket)
					.replyTimeout(REPLY_TIMEOUT)
					.build());
				clients.add(client);
				calls.add(CompletableFuture.supplyAsync(() -> {
					try {
						client.request("anyone?".getBytes(StandardCharsets.UTF_8));
						return null;
					}
					catch (Exception ex) {
						return ex;
					}
				}));
			}
			for (CompletableFuture<Throwable> call : calls) {
				Throwable failure = call.get(10, TimeUnit.SECONDS);
				assertThat(failure).isInstanceOf(IpcException.class).hasMessageContaining("reply-timeout");
				assertThat(((IpcException) failure).reason()).isEqualTo(ErrorReason.TIMEOUT);
			}
			List<String> watchers = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.map(Thread::getName)
				.filter((name) -> name.contains("deadlines"))
				.toList();
			assertThat(watchers).as("one shared deadline thread for all clients").containsExactly("ipc-deadlines");
		}
		finally {
			release.countDown();
			clients.forEach(IpcClient::close);
			server.close();
		}
	}

}
