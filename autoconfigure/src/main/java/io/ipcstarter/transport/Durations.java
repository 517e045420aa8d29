package io.ipcstarter.transport;

import java.time.Duration;

/**
 * Durations in messages the way a Spring Boot user writes them in
 * {@code application.yml}: {@code 10s}, {@code 200ms}, not {@code PT10S}.
 */
public final class Durations {

	private static final long[] NANOS = { 86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L,
			1_000_000L, 1_000L, 1L };

	private static final String[] SUFFIXES = { "d", "h", "m", "s", "ms", "us", "ns" };

	private Durations() {
	}

	/**
	 * The duration in the largest unit that holds it exactly ({@code 90s},
	 * {@code 1500ms}, {@code 2m}): what Spring Boot's simple duration style reads back as
	 * the same value.
	 */
	public static String simple(Duration duration) {
		if (duration.isZero()) {
			return "0s";
		}
		long nanos;
		try {
			nanos = duration.toNanos();
		}
		catch (ArithmeticException ex) {
			// beyond 292 years: whole seconds are close enough
			return duration.toSeconds() + "s";
		}
		for (int i = 0; i < NANOS.length; i++) {
			if (nanos % NANOS[i] == 0) {
				return (nanos / NANOS[i]) + SUFFIXES[i];
			}
		}
		throw new IllegalStateException("unreachable: every duration is whole nanoseconds");
	}

}
