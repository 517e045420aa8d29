package io.ipcstarter.transport.shm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A C peer written only from {@code docs/wire-formats.md}
 * ({@code src/test/c/ring_peer.c}, built with gcc into {@code target/}) producing into
 * and consuming from rings of a running Java endpoint, and feeding it bad records.
 */
@DisabledOnOs(OS.WINDOWS)
class SharedMemoryInteropTests {

	private static final int CAPACITY = 256 * 1024;

	private static Path peer;

	private final SharedMemoryTransport transport = new SharedMemoryTransport();

	@TempDir
	Path dir;

	@BeforeAll
	static void buildPeer() throws Exception {
		// built once per test JVM, with gcc's messages when it does not build
		peer = CPeers.build("ring_peer");
	}

	@Test
	void javaInboundReceivesFromCProducer() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = start(listener);
				PeerProcess c = PeerProcess.command(peer.toString(), "produce", ring(), "" + CAPACITY, "20000")) {
			for (int i = 0; i < 20000; i++) {
				assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("c:" + i);
			}
			c.awaitLineEqualTo("done", Duration.ofSeconds(30));
			assertThat(listener.errors()).isEmpty();
		}
	}

	@Test
	void cConsumerReceivesFromJavaOutbound() throws Exception {
		try (PeerProcess c = PeerProcess.command(peer.toString(), "consume", ring(), "" + CAPACITY, "20000");
				IpcClient client = this.transport
					.createClient(RingPeer.spec(ring(), Role.OUTBOUND, Duration.ofSeconds(5)))) {
			c.awaitLineEqualTo("ready", Duration.ofSeconds(30));
			for (int i = 0; i < 20000; i++) {
				// sizes 0..99 bytes so records of every alignment and the wrap padding
				// are exercised
				client.send(("j:" + i + ":" + "x".repeat(i % 100)).getBytes(StandardCharsets.UTF_8));
			}
			for (int i = 0; i < 20000; i++) {
				assertThat(c.nextLine(Duration.ofSeconds(10))).isEqualTo("j:" + i + ":" + "x".repeat(i % 100));
			}
			c.awaitLineEqualTo("done", Duration.ofSeconds(30));
		}
	}

	@Test
	void badRecordsAreCountedAndGoodOnesAroundThemStillArrive() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = start(listener);
				PeerProcess c = PeerProcess.command(peer.toString(), "hostile", ring(), "" + CAPACITY)) {
			assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("good-1");
			assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("good-2");
			c.awaitLineEqualTo("done", Duration.ofSeconds(30));
			assertThat(listener.errors()).extracting(RecordingListener.Failure::reason)
				.containsExactly(ErrorReason.OVERSIZE, ErrorReason.DECODE);
		}
	}

	@Test
	void recordEndingPastTheTailIsDroppedWithoutStallingAndGoodOnesAfterItArrive() throws Exception {
		// unblock-timeout far above the waits below: a consumer that stalled on the bad
		// record could not pass
		Duration unblockTimeout = Duration.ofSeconds(60);
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = start(listener, unblockTimeout);
				PeerProcess c = PeerProcess.command(peer.toString(), "overrun", ring(), "" + CAPACITY, "70")) {
			c.awaitLineEqualTo("bad", Duration.ofSeconds(30));
			long start = System.nanoTime();
			for (int i = 0; i < 70; i++) {
				assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("good-" + i);
			}
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(unblockTimeout);
			c.awaitLineEqualTo("done", Duration.ofSeconds(30));
			assertThat(listener.messages()).isEmpty();
			// the tail stood at the bad record's own end (its producer waited for the
			// consumer): only it is dropped
			assertThat(listener.errors()).singleElement().satisfies((failure) -> {
				assertThat(failure.reason()).isEqualTo(ErrorReason.DECODE);
				assertThat(failure.cause()).hasMessageContaining("Dropped 16 bytes at position 0")
					.hasMessageContaining("it ends at 32768, past the tail 16");
			});
		}
	}

	@Test
	void recordEndingPastTheTailDropsWhatWasClaimedBehindItAndCountsIt() throws Exception {
		RecordingListener listener = new RecordingListener();
		// creates the ring, which outlives its consumer
		start(listener, Duration.ofSeconds(60)).close();
		try (PeerProcess c = PeerProcess.command(peer.toString(), "overrun-queued", ring(), "" + CAPACITY, "70")) {
			c.awaitLineEqualTo("done", Duration.ofSeconds(30));
		}
		try (IpcServer server = start(listener, Duration.ofSeconds(60))) {
			// no record boundary after the bad one can be trusted: everything up to the
			// tail goes, as one error naming the bytes: the bad record and the 70 good
			// ones ("good-0".."good-69", 16 bytes each)
			RecordingListener.Failure failure = listener.nextError(Duration.ofSeconds(10));
			assertThat(failure.reason()).isEqualTo(ErrorReason.DECODE);
			assertThat(failure.cause()).hasMessageContaining("Dropped " + (16 + 70 * 16) + " bytes at position 0");
			PeerProcess.run(peer.toString(), "send", ring(), "" + CAPACITY, "after");
			assertThat(listener.nextText(Duration.ofSeconds(10))).isEqualTo("after");
			assertThat(listener.messages()).isEmpty();
			assertThat(listener.errors()).isEmpty();
		}
	}

	@Test
	void ringOfAnotherCapacityIsRefused() throws Exception {
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = start(listener)) {
			var spec = RingPeer.spec(ring(), Role.OUTBOUND, Duration.ofSeconds(5));
			SharedMemoryOptions other = new SharedMemoryOptions();
			other.setCapacity(org.springframework.util.unit.DataSize.ofKilobytes(512));
			try (IpcClient client = this.transport
				.createClient(spec.toBuilder().option(SharedMemoryOptions.class, other).build())) {
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(new byte[1]))
					.hasMessageContaining("capacity is 262144 bytes but shared-memory.capacity is 524288");
			}
		}
		Files.write(this.dir.resolve("junk"), new byte[1024 + 512]);
		var junk = RingPeer.spec(this.dir.resolve("junk").toString(), Role.INBOUND, Duration.ofSeconds(5));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.transport.createServer(junk).start(listener))
			.hasMessageContaining("does not start with the magic");
	}

	private IpcServer start(RecordingListener listener) throws Exception {
		return start(listener, Duration.ofSeconds(5));
	}

	private IpcServer start(RecordingListener listener, Duration unblockTimeout) throws Exception {
		IpcServer server = this.transport.createServer(RingPeer.spec(ring(), Role.INBOUND, unblockTimeout));
		server.start(listener);
		return server;
	}

	private String ring() {
		return this.dir.resolve("ring").toString();
	}

}
