package io.ipcstarter.reliability;

import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile C producer ({@code src/test/c/ring_peer.c}, mode {@code storm}, written from
 * {@code docs/wire-formats.md}) against a {@code shared-memory} inbound endpoint in an
 * {@link InboxApplication} of its own JVM ({@code headers: json}): records over
 * {@code max-message-size}, of an unknown type, with a header block longer than the
 * record, with a length past the tail, and now and then one claimed and never committed
 * (what a producer killed inside a record leaves; skipped after {@code unblock-timeout}),
 * with good records among them. Every good record must arrive, every bad one be counted
 * by reason, the log stay bounded, threads and descriptors come back.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class RingStormTests {

	private static final int CAPACITY = 256 * 1024;

	private static final int MAX_MESSAGE_SIZE = 4096;

	@TempDir
	Path dir;

	@Test
	void ringStormLosesNoGoodRecordAndCountsEveryBadOne() throws Exception {
		int hostile = Reliability.scale(1_000, 10_000);
		int good = Reliability.scale(100, 1_000);
		// every 250th hostile record is abandoned: each costs the reader unblock-timeout
		int abandonEvery = 250;
		Path peer = CPeers.build("ring_peer");
		String ring = this.dir.resolve("storm.ring").toString();
		try (Inbox inbox = Inbox.start("shared-memory", ring, "headers=json", "max-message-size=" + MAX_MESSAGE_SIZE,
				"shared-memory.capacity=" + CAPACITY / 1024 + "KB", "shared-memory.unblock-timeout=200ms")) {
			ProcessStats before = inbox.baseline();
			long start = System.nanoTime();
			try (PeerProcess storm = PeerProcess.command(peer.toString(), "storm", ring, String.valueOf(CAPACITY),
					String.valueOf(good), String.valueOf(hostile), String.valueOf(MAX_MESSAGE_SIZE),
					String.valueOf(abandonEvery))) {
				storm.awaitLineEqualTo("done " + good + " " + hostile, Inbox.WAIT);
			}
			assertThat(inbox.awaitCounts(good, hostile, Inbox.WAIT)).isTrue();
			inbox.checkStorm("shared-memory", before, start, hostile, good, Set.of("decode", "oversize"));
		}
	}

}
