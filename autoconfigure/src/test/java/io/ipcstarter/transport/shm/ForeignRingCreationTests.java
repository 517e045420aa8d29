package io.ipcstarter.transport.shm;

import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * What a producer requires of a ring some other process creates (docs/wire-formats.md,
 * "Creating a ring"): a file of the right size whose magic is still zero is waited for; a
 * file not yet sized is refused at once.
 */
class ForeignRingCreationTests {

	private static final int CAPACITY = 256 * 1024;

	private final SharedMemoryTransport transport = new SharedMemoryTransport();

	@TempDir
	Path dir;

	@Test
	void producerWaitsWhileTheMagicIsZeroAndSendsOnceTheRingIsInitialised() throws Exception {
		Path ring = this.dir.resolve("ring");
		try (FileChannel ch = FileChannel.open(ring, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
				StandardOpenOption.WRITE)) {
			ch.truncate(RingLayout.HEADER_LENGTH + CAPACITY);
			// full size, zeros
			ch.write(java.nio.ByteBuffer.allocate(1), RingLayout.HEADER_LENGTH + CAPACITY - 1);
		}
		try (IpcClient client = this.transport
			.createClient(RingPeer.spec(ring.toString(), Role.OUTBOUND, Duration.ofSeconds(5)))) {
			CompletableFuture<Void> send = CompletableFuture.runAsync(() -> {
				try {
					client.send("after-init".getBytes(StandardCharsets.UTF_8));
				}
				catch (Exception ex) {
					throw new RuntimeException(ex);
				}
			});
			// magic still zero: the send waits
			await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> !send.isDone());
			// the "foreign" creator initialises in place: header first, magic last
			try (FileChannel ch = FileChannel.open(ring, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
				MappedByteBuffer region = ch.map(FileChannel.MapMode.READ_WRITE, 0,
						RingLayout.HEADER_LENGTH + CAPACITY);
				RingBuffer.initialize(region, CAPACITY);
			}
			// initialised, but no consumer in the slot yet: still waiting
			await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !send.isDone());
			RecordingListener listener = new RecordingListener();
			try (IpcServer server = this.transport
				.createServer(RingPeer.spec(ring.toString(), Role.INBOUND, Duration.ofSeconds(5)))) {
				server.start(listener);
				send.get(10, java.util.concurrent.TimeUnit.SECONDS);
				assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("after-init");
			}
		}
	}

	@Test
	void aRingFileNotYetSizedIsRefusedAtOnce() throws Exception {
		Path ring = this.dir.resolve("empty");
		Files.createFile(ring);
		try (IpcClient client = this.transport
			.createClient(RingPeer.spec(ring.toString(), Role.OUTBOUND, Duration.ofSeconds(5)))) {
			long start = System.nanoTime();
			IpcException ex = catchThrowableOfType(IpcException.class, () -> client.send(new byte[1]));
			long millis = (System.nanoTime() - start) / 1_000_000;
			System.out.println(
					"EXPERIMENT 0-byte ring file: " + ex.reason() + " after " + millis + " ms: " + ex.getMessage());
			assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE);
			assertThat(millis).as("not waited for (send-timeout is 10 s)").isLessThan(5000);
		}
	}

}
