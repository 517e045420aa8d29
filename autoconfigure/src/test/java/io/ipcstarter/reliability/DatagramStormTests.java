package io.ipcstarter.reliability;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile storms against the datagram transports' inbound endpoints, each in an
 * {@link InboxApplication} of its own JVM with {@code headers: json}: {@code udp} from
 * python ({@code udp_bad_datagrams.py}: a header block too short, longer than the
 * datagram, not JSON, not strings; and datagrams over {@code max-message-size}), and
 * {@code message-queue} from C ({@code mq_peer hostile}: the same bad header blocks; a
 * message over the queue's size is refused by the kernel at the sender, so none reaches
 * the reader). A datagram cannot be cut short nor its sender die inside one: the kernel
 * delivers it whole or not at all. Every good message must arrive, every bad one be
 * counted by reason, the log stay bounded and without stack traces, threads and
 * descriptors come back.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class DatagramStormTests {

	private static final Duration WAIT = Inbox.WAIT;

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void udpStormLosesNoGoodDatagramAndCountsEveryBadOne() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		int port = freePort();
		try (Inbox inbox = Inbox.start("udp", String.valueOf(port), "headers=json",
				"max-message-size=" + MAX_MESSAGE_SIZE, "udp.receive-buffer-size=4194304")) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			// batches of 100 with a go-ahead after each is taken: UDP drops what a full
			// receive buffer cannot take, which is its documented loss, not this test's
			try (PeerProcess storm = PeerProcess.python("udp_bad_datagrams.py", "127.0.0.1:" + port,
					String.valueOf(hostile), String.valueOf(good), "100", String.valueOf(MAX_MESSAGE_SIZE + 1))) {
				String said;
				do {
					storm.tell("next");
					said = storm.await("BATCH", WAIT);
					String[] counts = said.split(" ");
					assertThat(inbox.awaitCounts(Integer.parseInt(counts[0]), Integer.parseInt(counts[1]), WAIT))
						.as("the batch is taken: " + said)
						.isTrue();
				}
				while (!said.equals(good + " " + hostile));
			}
			inbox.checkStorm("udp", before, start, hostile, good, Set.of("decode", "oversize"));
		}
	}

	@Test
	void messageQueueStormLosesNoGoodMessageAndCountsEveryBadOne() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		Path peer = CPeers.build("mq_peer", "-lrt");
		String queue = "/ipc-storm-" + UUID.randomUUID();
		try (Inbox inbox = Inbox.start("message-queue", queue, "headers=json")) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			// the queue holds 10: the C sender waits while it is full, so nothing is
			// dropped
			try (PeerProcess storm = PeerProcess.command(peer.toString(), "hostile", queue, String.valueOf(good),
					String.valueOf(hostile))) {
				storm.awaitLineEqualTo("done " + good + " " + hostile, WAIT);
			}
			assertThat(inbox.awaitCounts(good, hostile, WAIT)).isTrue();
			inbox.checkStorm("message-queue", before, start, hostile, good, Set.of("decode"));
		}
		finally {
			PosixMessageQueues.get().mq_unlink(queue);
		}
	}

	private static int freePort() throws IOException {
		try (DatagramSocket free = new DatagramSocket(0)) {
			return free.getLocalPort();
		}
	}

}
