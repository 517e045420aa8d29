package io.ipcstarter.transport.socket;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Direct memory under connection churn: a python3 peer opens 5,000 connections one after
 * another, each sending a frame header of an oversize length (bad input: the server
 * closes it). The JVM's direct buffer pool, read without forcing a collection, must stay
 * about where it was: a connection's buffers go back to a bounded pool when it ends,
 * instead of waiting for a garbage collection that an idle heap may not run for hours.
 * (Before the pool, a run ended with 6,085 direct buffers holding 253 MiB; with it, 3
 * buffers, 192 KiB.)
 */
class ConnectionChurnMemoryTests {

	private static final int CONNECTIONS = 5000;

	private static final long BOUND = 4 * 1024 * 1024;

	@TempDir
	Path dir;

	@Test
	void directMemoryShouldFollowLiveConnectionsNotAllConnectionsEver() throws Exception {
		String sock = this.dir.resolve("in.sock").toString();
		EndpointSpec spec = EndpointSpec.builder("churn", "unix-socket", Role.INBOUND, sock).build();
		StreamServer server = new StreamServer(spec, new SocketAcceptor(spec, new UnixAddressKind()));
		AtomicInteger rejected = new AtomicInteger();
		BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
			.stream()
			.filter((pool) -> pool.getName().equals("direct"))
			.findFirst()
			.orElseThrow();
		try {
			server.start(new InboundListener() {

				@Override
				public void onMessage(byte[] payload, Peer peer, Reply reply) {
				}

				@Override
				public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
					rejected.incrementAndGet();
				}

			});
			long countBefore = direct.getCount();
			long usedBefore = direct.getMemoryUsed();
			PeerProcess.runPythonCode("""
					import socket, sys
					for _ in range(int(sys.argv[2])):
					    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
					    s.connect(sys.argv[1])
					    s.sendall(b'\\xff\\xff\\xff\\xff')
					    s.close()
					""", sock, String.valueOf(CONNECTIONS));
			await().atMost(Duration.ofSeconds(20))
				.until(() -> rejected.get() >= CONNECTIONS && server.peerCount() == 0);
			long grown = direct.getMemoryUsed() - usedBefore;
			System.out.printf("%d connections: direct buffers %d -> %d, memory used %d -> %d bytes (+%d KiB)%n",
					CONNECTIONS, countBefore, direct.getCount(), usedBefore, direct.getMemoryUsed(), grown / 1024);
			assertThat(grown).as("direct memory grown by %d connections", CONNECTIONS).isLessThan(BOUND);
		}
		finally {
			server.close();
		}
	}

}
