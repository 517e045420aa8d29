package io.ipcstarter.bench;

/**
 * One measured window of one cell: a scenario, a message size, a metric, a fork (fresh
 * pair of JVMs) and a window within it. Throughput windows fill
 * {@code messagesPerSecond}/{@code megabytesPerSecond} (measured at the receiver);
 * round-trip windows fill the percentiles (nanoseconds, measured at the sender).
 * {@code hopNs} is the host's state when the window was measured: {@link HopProbe}'s
 * one-way hop between two cores, taken just before.
 */
public record Sample(Scenario scenario, int size, Metric metric, int fork, int window, long count,
		double messagesPerSecond, double megabytesPerSecond, long p50, long p99, long p999, long max,
		CpuSample.Usage cpu, double hopNs) {

	/** What a window measured. */
	public enum Metric {

		/** One-way messages back to back, counted at the receiver. */
		THROUGHPUT,

		/** Request/reply, one outstanding request, timed at the sender. */
		ROUND_TRIP

	}

}
