package io.ipcstarter.transport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How {@link BadInputLog} bounds an endpoint's log of bad input, on a clock the test
 * moves.
 */
class BadInputLogTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final BadInputLog log = new BadInputLog("orders", 3, Duration.ofMinutes(1), this.now::get);

	@Test
	void firstReportsAreLoggedOneByOneThenHeldUntilASummaryIsDue() {
		List<String> lines = report(3, ErrorReason.DECODE);
		assertThat(lines).hasSize(3);
		assertThat(lines.get(2)).contains("3 bad inputs logged one by one").contains("at most once every 1m");
		assertThat(report(5, ErrorReason.DECODE)).isEmpty();
		assertThat(this.log.report(ErrorReason.OVERSIZE, "big")).isNull();
		assertThat(this.log.summaryDueInNanos()).isEqualTo(Duration.ofMinutes(1).toNanos());
		advance(Duration.ofSeconds(30));
		assertThat(this.log.summaryDueInNanos()).isEqualTo(Duration.ofSeconds(30).toNanos());
		advance(Duration.ofSeconds(30));
		assertThat(this.log.summaryDueInNanos()).isZero();
		assertThat(this.log.summary()).isEqualTo("IPC endpoint 'orders': 6 more bad inputs from peers in the last 1m "
				+ "(decode 5, oversize 1), not logged one by one; the last: big");
		assertThat(this.log.summary()).isNull();
		assertThat(this.log.summaryDueInNanos()).isEqualTo(-1);
	}

	@Test
	void aReportAfterTheIntervalBringsTheSummaryWithIt() {
		report(3, ErrorReason.DECODE);
		assertThat(this.log.report(ErrorReason.PEER_REJECTED, "refused")).isNull();
		advance(Duration.ofSeconds(61));
		assertThat(this.log.report(ErrorReason.PEER_REJECTED, "refused again"))
			.startsWith("IPC endpoint 'orders': 2 more bad inputs from peers in the last 61s (peer-rejected 2)")
			.endsWith("the last: refused again");
		assertThat(this.log.report(ErrorReason.DECODE, "held")).as("the next summary is a minute away").isNull();
	}

	@Test
	void anIntervalWithoutBadInputStartsANewEpisodeLoggedOneByOne() {
		report(3, ErrorReason.DECODE);
		assertThat(this.log.report(ErrorReason.DECODE, "held")).isNull();
		advance(Duration.ofSeconds(30));
		assertThat(this.log.report(ErrorReason.DECODE, "held too")).isNull();
		advance(Duration.ofSeconds(30));
		assertThat(this.log.summary()).isNotNull();
		advance(Duration.ofSeconds(30));
		assertThat(this.log.report(ErrorReason.DECODE, "a minute after the last: the same episode")).isNull();
		this.log.summary();
		advance(Duration.ofMinutes(2));
		assertThat(report(3, ErrorReason.OVERSIZE)).hasSize(3);
	}

	private List<String> report(int count, ErrorReason reason) {
		List<String> lines = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String line = this.log.report(reason, reason.tag() + " " + i);
			if (line != null) {
				lines.add(line);
			}
		}
		return lines;
	}

	private void advance(Duration duration) {
		this.now.addAndGet(duration.toNanos());
	}

}
