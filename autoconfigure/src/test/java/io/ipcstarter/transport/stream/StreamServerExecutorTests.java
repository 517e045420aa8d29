package io.ipcstarter.transport.stream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link StreamServer} runs connections on the executor the spec hands it
 * ({@link EndpointSpec#connectionExecutor()}), leaves that executor running when it
 * closes, and still drains messages in flight; without one it uses named reader threads
 * of its own. Over a real unix-socket endpoint.
 */
class StreamServerExecutorTests {

	@TempDir
	Path dir;

	private final ExecutorService application = Executors.newCachedThreadPool(new Named("app-connection-"));

	@AfterEach
	void shutDown() {
		this.application.shutdownNow();
	}

	@Test
	void connectionsShouldRunOnTheExecutorTheSpecNames() throws Exception {
		ThreadRecordingListener listener = new ThreadRecordingListener();
		IpcServer server = transport().createServer(inbound().connectionExecutor(this.application).build());
		try {
			server.start(listener);
			send("hello");
			assertThat(listener.threads.poll(10, TimeUnit.SECONDS)).startsWith("app-connection-");
		}
		finally {
			server.close();
		}
		assertThat(this.application.isShutdown()).as("the application's executor stays the application's").isFalse();
	}

	@Test
	void withoutAnExecutorConnectionsShouldRunOnNamedReaderThreads() throws Exception {
		ThreadRecordingListener listener = new ThreadRecordingListener();
		IpcServer server = transport().createServer(inbound().build());
		try {
			server.start(listener);
			send("hello");
			String thread = listener.threads.poll(10, TimeUnit.SECONDS);
			assertThat(thread).startsWith("ipc-in-reader-");
		}
		finally {
			server.close();
		}
	}

	@Test
	void closeShouldLetAMessageInFlightFinishOnAHandedInExecutor() throws Exception {
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean handled = new AtomicBoolean();
		RecordingListener listener = new RecordingListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				handling.countDown();
				release.await(10, TimeUnit.SECONDS);
				handled.set(true);
			}

		};
		IpcServer server = transport().createServer(inbound().connectionExecutor(this.application).build());
		server.start(listener);
		send("slow");
		assertThat(handling.await(10, TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
		// close waits for the message in flight: it stays undone for as long as a close
		// that does not wait takes
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !closing.isDone());
		release.countDown();
		closing.get(IpcTransport.DRAIN_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS);
		assertThat(handled).isTrue();
	}

	private IpcTransport transport() {
		return Transports.find("unix-socket");
	}

	private EndpointSpec.Builder inbound() {
		return EndpointSpec.builder("in", "unix-socket", Role.INBOUND, socket());
	}

	private String socket() {
		return this.dir.resolve("in.sock").toString();
	}

	private void send(String text) throws Exception {
		try (IpcClient client = transport()
			.createClient(EndpointSpec.builder("out", "unix-socket", Role.OUTBOUND, socket()).build())) {
			client.send(text.getBytes(StandardCharsets.UTF_8));
		}
	}

	/** Records the name of the thread each message was handled on. */
	private static final class ThreadRecordingListener extends RecordingListener {

		final BlockingQueue<String> threads = new LinkedBlockingQueue<>();

		@Override
		public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
			this.threads.add(Thread.currentThread().getName());
		}

	}

	private static final class Named implements java.util.concurrent.ThreadFactory {

		private final String prefix;

		private final AtomicInteger count = new AtomicInteger();

		Named(String prefix) {
			this.prefix = prefix;
		}

		@Override
		public Thread newThread(Runnable r) {
			Thread t = new Thread(r, this.prefix + this.count.incrementAndGet());
			t.setDaemon(true);
			return t;
		}

	}

}
