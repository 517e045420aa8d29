package io.ipcstarter.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile storm against a {@code clipboard} inbound endpoint with
 * {@code headers: json}, {@code max-message-size: 2048} and a registered format of its
 * own, from a C writer that is not ours ({@code clipboard_peer hostile}, built with
 * mingw-w64, a process of its own with a window of its own; under Wine 8, which is not
 * Windows): blocks too short for their length, a length beyond the block, malformed
 * header blocks inside a right length, messages over {@code max-message-size}, and text
 * in {@code CF_TEXT} only (somebody's copy: not the endpoint's format, to be ignored and
 * not counted), among good ones, the last one good. The clipboard keeps only its latest
 * content, so the writer goes in lock step: it puts the next content once the endpoint
 * has taken the one before. Every good message must arrive once, every hostile one be
 * counted by reason, no stack trace, the log bounded, threads back.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class ClipboardStormWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void clipboardStormLosesNoGoodMessageAndCountsEveryBadOne(CapturedOutput output) {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String format = "IpcStorm." + System.nanoTime();
		MingwPeer exe = MingwPeer.named("clipboard_peer");
		WindowsStorm.application("ipc.endpoints.in.transport=clipboard", "ipc.endpoints.in.address=storm",
				"ipc.endpoints.in.clipboard.format=" + format, "ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<String> payloads = new ArrayList<>();
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said;
				try (PeerProcess storm = exe.start("hostile", format, String.valueOf(good), String.valueOf(hostile),
						String.valueOf(MAX_MESSAGE_SIZE))) {
					do {
						storm.tell("next");
						said = storm.awaitLine(PeerProcess.SAID, WAIT).substring(PeerProcess.SAID.length());
						String[] counts = said.split(" ");
						int goodSoFar = Integer.parseInt(counts[1]);
						int badSoFar = Integer.parseInt(counts[2]) + Integer.parseInt(counts[3]);
						long deadline = System.nanoTime() + WAIT.toNanos();
						// taken by the endpoint: the next content may replace it
						while ((payloads.size() < goodSoFar || WindowsStorm.errorCount(registry) < badSoFar)
								&& System.nanoTime() < deadline) {
							WindowsStorm.drain(received, payloads);
							Thread.sleep(1);
						}
						assertThat(payloads).as("taken: " + said).hasSize(goodSoFar);
						assertThat(WindowsStorm.errorCount(registry)).as("taken: " + said).isEqualTo(badSoFar);
					}
					while (said.startsWith("put"));
					storm.closeInput();
					assertThat(storm.awaitExit(WAIT)).isZero();
				}
				String[] counts = said.split(" ");
				int decode = Integer.parseInt(counts[2]);
				int oversize = Integer.parseInt(counts[3]);
				int other = Integer.parseInt(counts[4]);
				assertThat(decode + oversize + other).isEqualTo(hostile);
				assertThat(other).as("copies in another format put").isPositive();
				WindowsStorm.check("clipboard", start, payloads, good, Map.of("decode", decode, "oversize", oversize),
						registry, output, threadsBefore);
			});
	}

	/**
	 * The content is read while its writer still holds the clipboard open: the endpoint
	 * is told of somebody's copy just before, and that notice reaches it while the next
	 * write (ours, kept open 500 ms after {@code SetClipboardData}) is under way. Each
	 * message must arrive once. Before the fix the endpoint took the sequence number
	 * before opening the clipboard, so the message read at the first notice was read
	 * again at its own (the full storm had one hostile content counted twice in 10,000).
	 */
	@Test
	void aContentWrittenWhileTheEndpointLooksIsDeliveredOnce() {
		String format = "IpcHeld." + System.nanoTime();
		MingwPeer exe = MingwPeer.named("clipboard_peer");
		WindowsStorm
			.application("ipc.endpoints.in.transport=clipboard", "ipc.endpoints.in.address=held",
					"ipc.endpoints.in.clipboard.format=" + format, "ipc.endpoints.in.headers=none")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<String> payloads = new ArrayList<>();
				try (PeerProcess writer = exe.start("write", format)) {
					for (int i = 0; i < 5; i++) {
						writer.tell("hold held-" + i);
						writer.await("written", WAIT);
						Message<?> message = received.receive(WAIT.toMillis());
						assertThat(message).as("held-" + i).isNotNull();
						payloads.add((String) message.getPayload());
					}
					// a second delivery of the last one would come at its own notice
					Message<?> again = received.receive(1000);
					if (again != null) {
						payloads.add((String) again.getPayload());
					}
				}
				assertThat(payloads).containsExactly("held-0", "held-1", "held-2", "held-3", "held-4");
				assertThat(WindowsStorm.errorCount(registry)).isZero();
			});
	}

}
