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

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile storm against a {@code registry} inbound endpoint with {@code headers: json}
 * and {@code max-message-size: 2048}, from a C writer that is not ours
 * ({@code registry_peer hostile}, built with mingw-w64, a process of its own calling
 * {@code RegSetValueExW}; under Wine 8, which is not Windows): malformed header blocks,
 * values over {@code max-message-size}, values of a type that is not carried
 * ({@code REG_MULTI_SZ}, {@code REG_NONE}), a {@code REG_DWORD} (carried as decimal text,
 * which is no header block), empty values, and removals of the value (which deliver
 * nothing and count nothing, as docs/transports/registry.md says), among good
 * {@code REG_BINARY} ones, the last one good. A value keeps only its latest content, so
 * the writer goes in lock step: it writes the next value once the endpoint has delivered
 * or counted the one before. Every good value must arrive once, every hostile one be
 * counted by reason, no stack trace, the log bounded, threads back.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class RegistryStormWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void registryStormLosesNoGoodValueAndCountsEveryBadOne(CapturedOutput output) {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String key = "Software\\IpcStorm\\S" + System.nanoTime();
		MingwPeer exe = MingwPeer.named("registry_peer");
		WindowsStorm
			.application("ipc.endpoints.in.transport=registry", "ipc.endpoints.in.address=HKCU\\" + key,
					"ipc.endpoints.in.registry.value=Storm", "ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<String> payloads = new ArrayList<>();
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said;
				try (PeerProcess storm = exe.start("hostile", key, "Storm", String.valueOf(good),
						String.valueOf(hostile), String.valueOf(MAX_MESSAGE_SIZE))) {
					storm.await("ready", WAIT);
					do {
						storm.tell("next");
						said = storm.awaitLine(PeerProcess.SAID, WAIT).substring(PeerProcess.SAID.length());
						String[] counts = said.split(" ");
						int goodSoFar = Integer.parseInt(counts[1]);
						int badSoFar = Integer.parseInt(counts[2]) + Integer.parseInt(counts[3]);
						long deadline = System.nanoTime() + WAIT.toNanos();
						// delivered or counted: the next value may replace it (a removal
						// changes neither, so the next value follows at once)
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
				// a late second report of the last values would show here
				Thread.sleep(300);
				WindowsStorm.drain(received, payloads);
				String[] counts = said.split(" ");
				int decode = Integer.parseInt(counts[2]);
				int oversize = Integer.parseInt(counts[3]);
				int removed = Integer.parseInt(counts[4]);
				assertThat(decode + oversize + removed).isEqualTo(hostile);
				assertThat(removed).as("removals of the value").isPositive();
				Reliability.report("storm registry: " + removed
						+ " of the hostile values were removals of the value (deliver nothing, count nothing)");
				WindowsStorm.check("registry", start, payloads, good, Map.of("decode", decode, "oversize", oversize),
						registry, output, threadsBefore);
			});
	}

}
