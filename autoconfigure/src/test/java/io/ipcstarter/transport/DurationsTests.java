package io.ipcstarter.transport;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Durations in messages as a Spring Boot user writes them.
 */
class DurationsTests {

	@Test
	void simpleShouldUseTheLargestUnitThatHoldsTheDurationExactly() {
		assertThat(Durations.simple(Duration.ofSeconds(10))).isEqualTo("10s");
		assertThat(Durations.simple(Duration.ofMillis(200))).isEqualTo("200ms");
		assertThat(Durations.simple(Duration.ofMillis(1500))).isEqualTo("1500ms");
		assertThat(Durations.simple(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(Durations.simple(Duration.ofMinutes(2))).isEqualTo("2m");
		assertThat(Durations.simple(Duration.ofHours(1))).isEqualTo("1h");
		assertThat(Durations.simple(Duration.ofDays(3))).isEqualTo("3d");
		assertThat(Durations.simple(Duration.ofNanos(1500))).isEqualTo("1500ns");
		assertThat(Durations.simple(Duration.ZERO)).isEqualTo("0s");
	}

}
