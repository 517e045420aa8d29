package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.channel.QueueChannel;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile storm against a {@code mailslot} inbound endpoint with {@code headers: json}
 * and {@code max-message-size: 2048}, from a C writer that is not ours
 * ({@code mailslot_peer hostile}, built with mingw-w64, a process of its own; under Wine
 * 8, which is not Windows): malformed header blocks (too short, a length beyond the
 * message, not JSON, a value that is not a string) and messages over
 * {@code max-message-size}, among good ones, the last one good. A mailslot's queue is the
 * system's, so the writer goes in lock step: a batch, then it waits until the endpoint
 * has taken the batch. Every good message must arrive once, every hostile one be counted
 * by reason (an oversize write Windows refuses at the writer is counted by the writer
 * instead), no stack trace, the log bounded, threads back.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class MailslotStormWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void mailslotStormLosesNoGoodMessageAndCountsEveryBadOne(CapturedOutput output) {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String slot = "ipc-storm-" + UUID.randomUUID();
		MingwPeer exe = MingwPeer.named("mailslot_peer");
		WindowsStorm
			.application("ipc.endpoints.in.transport=mailslot", "ipc.endpoints.in.address=" + slot,
					"ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<String> payloads = new ArrayList<>();
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said;
				try (PeerProcess storm = exe.start("hostile", slot, String.valueOf(good), String.valueOf(hostile),
						String.valueOf(MAX_MESSAGE_SIZE), "50")) {
					do {
						storm.tell("next");
						said = storm.awaitLine(PeerProcess.SAID, WAIT).substring(PeerProcess.SAID.length());
						String[] counts = said.split(" ");
						int goodSoFar = Integer.parseInt(counts[1]);
						int badSoFar = Integer.parseInt(counts[2]) + Integer.parseInt(counts[3]);
						long deadline = System.nanoTime() + WAIT.toNanos();
						while ((payloads.size() < goodSoFar || WindowsStorm.errorCount(registry) < badSoFar)
								&& System.nanoTime() < deadline) {
							WindowsStorm.drain(received, payloads);
							Thread.sleep(5);
						}
						assertThat(payloads).as("the batch is taken: " + said).hasSize(goodSoFar);
						assertThat(WindowsStorm.errorCount(registry)).as("the batch is taken: " + said)
							.isEqualTo(badSoFar);
					}
					while (said.startsWith("BATCH"));
					assertThat(storm.awaitExit(WAIT)).isZero();
				}
				String[] counts = said.split(" ");
				int refusedByWriter = Integer.parseInt(counts[4]);
				assertThat(Integer.parseInt(counts[2]) + Integer.parseInt(counts[3]) + refusedByWriter)
					.isEqualTo(hostile);
				WindowsStorm.check("mailslot", start, payloads, good,
						Map.of("decode", Integer.parseInt(counts[2]), "oversize", Integer.parseInt(counts[3])),
						registry, output, threadsBefore);
			});
	}

}
