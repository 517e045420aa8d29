package io.ipcstarter.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

import io.ipcstarter.bench.Sample;

/**
 * The medians of every window of one scenario, size and metric (over all forks).
 *
 * @param windows how many windows the medians are over
 * @param messagesPerSecond median throughput at the receiver
 * @param megabytesPerSecond median throughput in 10^6 bytes per second
 * @param p50 median of the windows' round-trip p50, ns
 * @param p99 median of the windows' p99, ns
 * @param p999 median of the windows' p99.9, ns
 * @param benchCores median CPU of the two benchmark JVMs, in cores
 * @param otherCores median CPU of every other process, in cores
 * @param otherCoresMax highest CPU of every other process in any window, in cores
 * @param hopNs median of the host hop probe taken before each window, ns
 * @param hopNsMin lowest hop probe of any window, ns
 * @param hopNsMax highest hop probe of any window, ns
 */
public record Cell(int windows, double messagesPerSecond, double megabytesPerSecond, double p50, double p99,
		double p999, double benchCores, double otherCores, double otherCoresMax, double hopNs, double hopNsMin,
		double hopNsMax) {

	static Cell of(List<Sample> samples) {
		return new Cell(samples.size(), median(samples, Sample::messagesPerSecond),
				median(samples, Sample::megabytesPerSecond), median(samples, s -> s.p50()),
				median(samples, s -> s.p99()), median(samples, s -> s.p999()),
				median(samples, s -> s.cpu().benchCores()), median(samples, s -> s.cpu().otherCores()),
				samples.stream().mapToDouble(s -> s.cpu().otherCores()).max().orElse(0), median(samples, Sample::hopNs),
				samples.stream().mapToDouble(Sample::hopNs).min().orElse(Double.NaN),
				samples.stream().mapToDouble(Sample::hopNs).max().orElse(Double.NaN));
	}

	private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
		return median(samples.stream().mapToDouble(value).sorted().toArray());
	}

	/** The median of sorted values, or NaN when there are none. */
	static double median(double[] sorted) {
		int n = sorted.length;
		if (n == 0) {
			return Double.NaN;
		}
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	@Override
	public String toString() {
		return Arrays.toString(new double[] { this.messagesPerSecond, this.p50 });
	}

}
