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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A hostile storm against a {@code dde} {@code inbound-gateway} (our DDE server: any
 * program of the session can connect to it and poke) with {@code headers: json},
 * {@code max-message-size: 2048} and a registered {@code dde.format}, from a C client
 * that is not ours ({@code dde_peer hostile}, DDEML, built with mingw-w64, a process of
 * its own; under Wine 8, which is not Windows): pokes with malformed header blocks, over
 * {@code max-message-size}, or in {@code CF_TEXT}, a format the endpoint does not serve,
 * among good ones, the last one good. A poke is a synchronous transaction, so the storm
 * is in lock step by nature. Every good poke must arrive once and be answered
 * {@code DDE_FACK}, every hostile one be answered "not processed" and counted by reason
 * (a poke in another format as {@code decode}, as a refused {@code dwData} is on
 * {@code window-message}), no stack trace, the log bounded, threads back.
 * <p>
 * And a storm against the {@code inbound} role (our client in a hot advise loop) from a C
 * DDEML server ({@code dde_peer advise}) whose item changes to the same kinds of data (no
 * other format: DDEML drops such a change before the client's callback), posted one at a
 * time once the last was delivered or counted.
 */
@WindowsTest
@ExtendWith(OutputCaptureExtension.class)
class DdeStormWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	private static final int MAX_MESSAGE_SIZE = 2048;

	private static final Duration STEP = Duration.ofSeconds(10);

	@Test
	void pokeStormLosesNoGoodMessageAndCountsEveryBadOne(CapturedOutput output) {
		// run before DdeWindowsContractTests in the same Windows JVM (under Wine 8), the
		// short storm was followed twice by that suite's 10,000 pokes timing out (60 s),
		// cause not established; alone or after another storm the suite passed. Until it
		// is understood the storm runs at full size, on its own, not in the Windows suite
		assumeTrue(Reliability.FULL, "under -P reliability only: see docs/reliability.md");
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String service = "IpcStorm" + (System.nanoTime() % 1_000_000_000L);
		String format = "IpcStorm.Dde." + System.nanoTime();
		MingwPeer exe = MingwPeer.named("dde_peer");
		WindowsStorm
			.application("ipc.endpoints.in.transport=dde", "ipc.endpoints.in.role=inbound-gateway",
					"ipc.endpoints.in.address=" + service + "|Storm", "ipc.endpoints.in.channel=pokes",
					"ipc.endpoints.in.dde.format=" + format, "ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
			.withUserConfiguration(PokeFlow.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				int threadsBefore = Thread.activeCount();
				long start = System.nanoTime();
				String said;
				try (PeerProcess storm = exe.start("hostile", service, "Storm", "cell", format, String.valueOf(good),
						String.valueOf(hostile), String.valueOf(MAX_MESSAGE_SIZE))) {
					said = storm.await("done", Duration.ofMinutes(10));
					assertThat(storm.awaitExit(WAIT)).isZero();
				}
				String[] counts = said.split(" ");
				assertThat(Integer.parseInt(counts[4])).as("pokes answered otherwise than documented: " + said)
					.isZero();
				int decode = Integer.parseInt(counts[1]);
				int oversize = Integer.parseInt(counts[2]);
				int otherFormat = Integer.parseInt(counts[3]);
				assertThat(decode + oversize + otherFormat).isEqualTo(hostile);
				assertThat(otherFormat).as("pokes in another format").isPositive();
				List<String> payloads = new ArrayList<>();
				WindowsStorm.drain(received, payloads);
				WindowsStorm.check("dde", start, payloads, good,
						Map.of("decode", decode + otherFormat, "oversize", oversize), registry, output, threadsBefore);
			});
	}

	@Test
	void adviseStormIntoOurLoopLosesNoGoodChangeAndCountsEveryBadOne(CapturedOutput output) throws Exception {
		int hostile = Reliability.scale(200, 10_000);
		int good = Reliability.scale(50, 1_000);
		String service = "IpcAdvise" + (System.nanoTime() % 1_000_000_000L);
		String format = "IpcStorm.Dde." + System.nanoTime();
		MingwPeer exe = MingwPeer.named("dde_peer");
		try (PeerProcess server = exe.start("advise", service, "Storm", "cell", format, String.valueOf(good),
				String.valueOf(hostile), String.valueOf(MAX_MESSAGE_SIZE))) {
			server.await("ready", WAIT);
			WindowsStorm
				.application("ipc.endpoints.in.transport=dde", "ipc.endpoints.in.address=" + service + "|Storm",
						"ipc.endpoints.in.dde.item=cell", "ipc.endpoints.in.dde.format=" + format,
						"ipc.endpoints.in.max-message-size=" + MAX_MESSAGE_SIZE)
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					QueueChannel received = context.getBean("received", QueueChannel.class);
					server.await("advised", WAIT);
					int threadsBefore = Thread.activeCount();
					long start = System.nanoTime();
					List<String> payloads = new ArrayList<>();
					for (int i = 0; i < good + hostile; i++) {
						// lock step: the next change once this one was delivered or
						// counted
						server.tell("next");
						long deadline = System.nanoTime() + STEP.toNanos();
						do {
							WindowsStorm.drain(received, payloads);
							if (payloads.size() + WindowsStorm.errorCount(registry) > i) {
								break;
							}
							Thread.sleep(1);
						}
						while (System.nanoTime() - deadline < 0);
						assertThat(payloads.size() + WindowsStorm.errorCount(registry))
							.as("change %d delivered or counted within %s (errors %s)", i, STEP,
									WindowsStorm.errorsByReason(registry))
							.isEqualTo(i + 1);
					}
					String[] counts = server.await("done", WAIT).split(" ");
					int decode = Integer.parseInt(counts[1]);
					int oversize = Integer.parseInt(counts[2]);
					int otherFormat = Integer.parseInt(counts[3]);
					assertThat(decode + oversize).isEqualTo(hostile);
					assertThat(otherFormat).isZero();
					WindowsStorm.check("dde inbound", start, payloads, good,
							Map.of("decode", decode, "oversize", oversize), registry, output, threadsBefore);
				});
		}
	}

	/**
	 * The gateway's flow: each poke into {@code received}, answered (a poke's reply is
	 * discarded).
	 */
	@Configuration(proxyBeanMethods = false)
	static class PokeFlow {

		@Bean
		IntegrationFlow pokeFlow() {
			return IntegrationFlow.from("pokes").wireTap("received").handle((payload, headers) -> "taken").get();
		}

	}

}
