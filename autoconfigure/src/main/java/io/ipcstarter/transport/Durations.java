package io.ipcstarter.transport;

import java.time.Duration;

/**
 * Durations in messages as a Spring Boot user writes them in YAML ({@code 10s}, {@code 250ms}), not as
 * {@link Duration#toString()} prints them ({@code PT10S}).
 */
public final class Durations {

	private Durations() {
	}

	/** {@code 10s}, {@code 1500ms}, {@code 2m}, {@code 1h}; {@code "null"} for none. */
	public static String format(Duration duration) {
		if (duration == null) {
			return "null";
		}
		long millis = duration.toMillis();
		if (millis == 0 || millis % 1000 != 0) {
			return (duration.toNanos() % 1_000_000 == 0) ? millis + "ms" : duration.toNanos() + "ns";
		}
		long seconds = millis / 1000;
		if (seconds % 3600 == 0) {
			return seconds / 3600 + "h";
		}
		return (seconds % 60 == 0) ? seconds / 60 + "m" : seconds + "s";
	}

}
