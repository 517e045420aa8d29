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
import static org.awaitility.Awaitility.await;

/**
 * A hostile storm against a {@code named-pipe} inbound endpoint on Windows (a real named
 * pipe, in the test's Windows JVM under Wine 8, which is not Windows) with
 * {@code headers: json} and {@code max-message-size: 2048}, from a C client that is not
 * ours ({@code pipe_client hostile}, built with mingw-w64, a process of its own). One
 * connection carries the good frames and the frames whose header block is malformed (the
 * endpoint drops those and reads on); every other hostile input comes on a connection of
 * its own: garbage (a length of 2^31 or more), a length over {@code max-message-size}, a
 * frame cut short by a close, and every 250th a frame cut short by the death of its
 * writer ({@code TerminateProcess}). Every good frame must arrive once, every hostile
 * input be counted by reason, no stack trace, the log bounded, threads back once the
 * connections are gone.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class NamedPipeStormWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int MAX_MESSAGE_SIZE = 2048;

	@Test
	void namedPipeStormLosesNoGoodFrameAndCountsEveryBadOne(CapturedOutput output) {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String pipe = PipePaths.uniqueName("winstorm");
		MingwPeer exe = MingwPeer.named("pipe_client");
		WindowsStorm
			.application("ipc.endpoints.in.transport=named-pipe", "ipc.endpoints.in.address=" + pipe,
					"ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<String> payloads = new ArrayList<>();
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said;
				try (PeerProcess storm = exe.start("hostile", pipe, String.valueOf(good), String.valueOf(hostile),
						String.valueOf(MAX_MESSAGE_SIZE))) {
					said = storm.await("done", Duration.ofMinutes(10));
					assertThat(storm.awaitExit(WAIT)).isZero();
				}
				String[] counts = said.split(" ");
				assertThat(Integer.parseInt(counts[0])).isEqualTo(good);
				int decode = Integer.parseInt(counts[1]);
				int oversize = Integer.parseInt(counts[2]);
				assertThat(decode + oversize).isEqualTo(hostile);
				assertThat(Integer.parseInt(counts[3])).as("writers killed inside a frame").isPositive();
				// the last connections are counted when the endpoint has read them out
				await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
					WindowsStorm.drain(received, payloads);
					return payloads.size() >= good && WindowsStorm.errorCount(registry) >= hostile;
				});
				// a connection's thread ends after it, in the transport's pool after its
				// keep-alive
				await().atMost(WAIT).until(() -> Thread.activeCount() <= threadsBefore + 2);
				WindowsStorm.check("named-pipe", start, payloads, good, Map.of("decode", decode, "oversize", oversize),
						registry, output, threadsBefore);
			});
	}

}
