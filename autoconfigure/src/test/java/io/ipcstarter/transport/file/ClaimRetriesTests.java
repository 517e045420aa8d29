package io.ipcstarter.transport.file;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClaimRetriesTests {

	private static final long MS = 1_000_000;

	private final ClaimRetries retries = new ClaimRetries(Duration.ofMillis(100), Duration.ofMillis(1000));

	@Test
	void aFileThatKeepsFailingWaitsTwiceAsLongEachTimeUpToTheLongestDelayAndIsReportedOnce() {
		long now = 0;
		assertThat(this.retries.isWaiting("a", now)).isFalse();
		assertThat(this.retries.failed("a", now)).as("first failure: reported").isTrue();
		long[] expectedDelays = { 100, 200, 400, 800, 1000, 1000 };
		for (long delay : expectedDelays) {
			assertThat(this.retries.isWaiting("a", now + delay * MS - 1)).as("waits %d ms", delay).isTrue();
			now += delay * MS;
			assertThat(this.retries.isWaiting("a", now)).isFalse();
			assertThat(this.retries.failed("a", now)).as("not reported again").isFalse();
			this.retries.endScan();
		}
	}

	@Test
	void otherFilesDoNotWaitAndAClaimedOrVanishedFileIsForgotten() {
		this.retries.failed("a", 0);
		this.retries.failed("b", 0);
		assertThat(this.retries.isWaiting("c", 0)).isFalse();
		this.retries.claimed("a");
		assertThat(this.retries.isWaiting("a", 0)).isFalse();
		assertThat(this.retries.isWaiting("b", 0)).isTrue();
		this.retries.endScan(); // b visited this scan: kept
		this.retries.endScan(); // not visited: gone from the inbox, forgotten
		assertThat(this.retries.isWaiting("b", 0)).isFalse();
		assertThat(this.retries.failed("b", 0)).as("a new file of that name is reported").isTrue();
	}

}
