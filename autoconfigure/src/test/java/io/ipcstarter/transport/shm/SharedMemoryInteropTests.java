package io.ipcstarter.transport.shm;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A C peer written only from {@code docs/wire-formats.md} ({@code src/test/c/ring_peer.c}, built with gcc into
 * {@code target/}) producing into and consuming from rings of a running Java endpoint, and feeding it bad records.
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
		peer = Path.of("target", "ring_peer").toAbsolutePath();
		Process gcc = new ProcessBuilder("gcc", "-O2", "-Wall", "-Werror", "-o", peer.toString(),
				Path.of("src", "test", "c", "ring_peer.c").toString()).inheritIO().start();
		assertThat(gcc.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(gcc.exitValue()).as("gcc exit code").isZero();
	}

	@Test
	void javaInboundReceivesFromCProducer() throws Exception {
		Collector collector = new Collector();
		try (IpcServer server = start(collector);
				PeerProcess c = PeerProcess.command(peer.toString(), "produce", ring(), "" + CAPACITY, "20000")) {
			for (int i = 0; i < 20000; i++) {
				assertThat(collector.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("c:" + i);
			}
			c.await("done", 30);
			assertThat(collector.errors).isEmpty();
		}
	}

	@Test
	void cConsumerReceivesFromJavaOutbound() throws Exception {
		try (PeerProcess c = PeerProcess.command(peer.toString(), "consume", ring(), "" + CAPACITY, "20000");
				IpcClient client = this.transport.createClient(RingPeer.spec(ring(), Role.OUTBOUND, Duration.ofSeconds(5)))) {
			c.await("ready", 30);
			for (int i = 0; i < 20000; i++) {
				// sizes 0..99 bytes so records of every alignment and the wrap padding are exercised
				client.send(("j:" + i + ":" + "x".repeat(i % 100)).getBytes(StandardCharsets.UTF_8));
			}
			for (int i = 0; i < 20000; i++) {
				assertThat(c.nextLine(10)).isEqualTo("j:" + i + ":" + "x".repeat(i % 100));
			}
			c.await("done", 30);
		}
	}

	@Test
	void badRecordsAreCountedAndGoodOnesAroundThemStillArrive() throws Exception {
		Collector collector = new Collector();
		try (IpcServer server = start(collector);
				PeerProcess c = PeerProcess.command(peer.toString(), "hostile", ring(), "" + CAPACITY)) {
			assertThat(collector.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("good-1");
			assertThat(collector.messages.poll(10, TimeUnit.SECONDS)).isEqualTo("good-2");
			c.await("done", 30);
			assertThat(collector.errors).containsExactly(ErrorReason.OVERSIZE, ErrorReason.DECODE);
		}
	}

	@Test
	void ringOfAnotherCapacityIsRefused() throws Exception {
		Collector collector = new Collector();
		try (IpcServer server = start(collector)) {
			var spec = RingPeer.spec(ring(), Role.OUTBOUND, Duration.ofSeconds(5));
			SharedMemoryOptions other = new SharedMemoryOptions();
			other.setCapacity(org.springframework.util.unit.DataSize.ofKilobytes(512));
			try (IpcClient client = this.transport.createClient(spec.toBuilder().option(SharedMemoryOptions.class, other).build())) {
				org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.send(new byte[1]))
					.hasMessageContaining("capacity is 262144 bytes but shared-memory.capacity is 524288");
			}
		}
		Files.write(this.dir.resolve("junk"), new byte[1024 + 512]);
		var junk = RingPeer.spec(this.dir.resolve("junk").toString(), Role.INBOUND, Duration.ofSeconds(5));
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> this.transport.createServer(junk).start(collector))
			.hasMessageContaining("does not start with the magic");
	}

	private IpcServer start(Collector collector) throws Exception {
		IpcServer server = this.transport.createServer(RingPeer.spec(ring(), Role.INBOUND, Duration.ofSeconds(5)));
		server.start(collector);
		return server;
	}

	private String ring() {
		return this.dir.resolve("ring").toString();
	}

}
