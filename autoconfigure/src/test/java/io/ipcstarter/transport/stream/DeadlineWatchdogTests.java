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

import io.ipcstarter.testsupport.RecordingListener;
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
import static org.awaitility.Awaitility.await;

/**
 * Deadlines of every stream client are watched from one shared {@code ipc-deadlines}
 * thread, not a thread per client, and a call that overruns still fails with a timeout.
 * Over a real unix-socket gateway that never answers.
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
		RecordingListener silent = new RecordingListener() {

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
				IpcClient client = transport
					.createClient(EndpointSpec.builder("caller" + i, "unix-socket", Role.OUTBOUND_GATEWAY, socket)
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
				.filter((name) -> name.equals("ipc-deadlines") || name.matches("ipc-.+-deadlines-\\d+"))
				.toList();
			assertThat(watchers).as("one shared deadline thread for all clients").containsExactly("ipc-deadlines");
		}
		finally {
			release.countDown();
			clients.forEach(IpcClient::close);
			server.close();
		}
	}

	/**
	 * Closing an overrun {@code process} connection stops its child, which takes up to
	 * {@code shutdown-timeout} (here a {@code sleep} that ignores its closed stdin until
	 * it is terminated after 5 s). That must not hold up the deadline of another client
	 * on the shared thread meanwhile.
	 */
	@Test
	void aCloseThatWaitsShouldNotDelayTheDeadlinesOfOtherClients() throws Exception {
		IpcTransport unix = Transports.find("unix-socket");
		String socket = this.dir.resolve("gw.sock").toString();
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener silent = new RecordingListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				release.await(20, TimeUnit.SECONDS); // never answers in time
			}

		};
		IpcServer server = unix
			.createServer(EndpointSpec.builder("gw", "unix-socket", Role.INBOUND_GATEWAY, socket).build());
		IpcClient slowToClose = Transports.find("process")
			.createClient(EndpointSpec.builder("child", "process", Role.OUTBOUND_GATEWAY, "sleep 30")
				.replyTimeout(REPLY_TIMEOUT)
				.build());
		IpcClient other = unix.createClient(EndpointSpec.builder("other", "unix-socket", Role.OUTBOUND_GATEWAY, socket)
			.replyTimeout(REPLY_TIMEOUT)
			.build());
		try {
			server.start(silent);
			CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> failure(slowToClose));
			// its deadline passes after 300 ms and its close then waits about 5 s on a
			// close thread: call once that close is under way
			await().atMost(Duration.ofSeconds(10))
				.until(() -> Thread.getAllStackTraces()
					.keySet()
					.stream()
					.anyMatch((t) -> t.getName().startsWith("ipc-deadlines-close") && t.isAlive()));
			long start = System.nanoTime();
			Throwable failure = failure(other);
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(failure).isInstanceOf(IpcException.class).hasMessageContaining("reply-timeout");
			assertThat(took).as("timed out on time, not after the other client's close")
				.isLessThan(Duration.ofMillis(2500));
			assertThat(first.get(20, TimeUnit.SECONDS)).isInstanceOf(IpcException.class)
				.hasMessageContaining("reply-timeout");
		}
		finally {
			release.countDown();
			other.close();
			slowToClose.close();
			server.close();
		}
	}

	private static Throwable failure(IpcClient client) {
		try {
			client.request("anyone?".getBytes(StandardCharsets.UTF_8));
			return null;
		}
		catch (Exception ex) {
			return ex;
		}
	}

}
