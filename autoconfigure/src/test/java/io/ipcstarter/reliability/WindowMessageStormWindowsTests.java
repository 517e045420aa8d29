package io.ipcstarter.reliability;

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
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A hostile storm against a {@code window-message} inbound endpoint with
 * {@code headers: json}, {@code max-message-size: 2048} and
 * {@code accepted-message-types: [7]}, from a C sender that is not ours
 * ({@code window_peer hostile}, built with mingw-w64, a process of its own; under Wine 8,
 * which is not Windows): WM_COPYDATA with malformed header blocks, over
 * {@code max-message-size}, or of a refused {@code dwData}, among good ones, the last one
 * good. WM_COPYDATA is sent, never posted: each send waits for the window procedure, so
 * the storm is in lock step by nature and nothing can be dropped. Every good message must
 * arrive once and be answered 1, every hostile one be answered 0 and counted by reason,
 * no stack trace, the log bounded, threads back. A {@code cbData} that lies is not sent:
 * the system copies {@code cbData} bytes out of the sender's memory before the receiver
 * sees them, so a lie faults the sender or becomes a consistent shorter message.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class WindowMessageStormWindowsTests {

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void copyDataStormLosesNoGoodMessageAndCountsEveryBadOne(CapturedOutput output) {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String window = "IpcStorm" + UUID.randomUUID().toString().substring(0, 8);
		MingwPeer exe = MingwPeer.named("window_peer");
		WindowsStorm
			.application("ipc.endpoints.in.transport=window-message", "ipc.endpoints.in.address=" + window,
					"ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE,
					"ipc.endpoints.in.window-message.accepted-message-types=7")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said = exe
					.run("hostile", window, String.valueOf(good), String.valueOf(hostile),
							String.valueOf(MAX_MESSAGE_SIZE), "7", "99")
					.trim();
				String[] counts = said.split(" ");
				assertThat(counts[0]).isEqualTo("done");
				assertThat(Integer.parseInt(counts[5])).as("sends answered otherwise than documented: " + said)
					.isZero();
				int decode = Integer.parseInt(counts[2]);
				int oversize = Integer.parseInt(counts[3]);
				int refusedType = Integer.parseInt(counts[4]);
				assertThat(decode + oversize + refusedType).isEqualTo(hostile);
				assertThat(refusedType).as("refused dwData sent").isPositive();
				List<String> payloads = new ArrayList<>();
				WindowsStorm.drain(received, payloads);
				WindowsStorm.check("window-message", start, payloads, good,
						Map.of("decode", decode + refusedType, "oversize", oversize), registry, output, threadsBefore);
			});
	}

}
