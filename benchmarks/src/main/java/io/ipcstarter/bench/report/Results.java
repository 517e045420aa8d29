package io.ipcstarter.bench.report;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.ipcstarter.bench.Sample;
import io.ipcstarter.bench.Sample.Metric;
import io.ipcstarter.bench.Scenario;

/** The cells of a run, looked up by scenario id, size and metric. */
final class Results {

	private final Map<String, Cell> cells = new LinkedHashMap<>();

	private final Map<String, Scenario> scenarios = new LinkedHashMap<>();

	/**
	 * The cells of each fork alone, by fork number: {@code [fork]} for every key measured
	 * in that fork.
	 */
	private final Map<String, Map<Integer, Cell>> forkCells = new LinkedHashMap<>();

	/** Each window's sample by its fork and window number, {@link #window(int, int)}. */
	private final Map<String, Map<Long, Sample>> windows = new LinkedHashMap<>();

	/**
	 * {@code MessageFloor}'s ns per message measured in the same run, or NaN when it was
	 * not.
	 */
	private final double floorNs;

	Results(List<Scenario> ran, List<Sample> samples) {
		this(ran, samples, Double.NaN);
	}

	Results(List<Scenario> ran, List<Sample> samples, double floorNs) {
		this.floorNs = floorNs;
		ran.forEach(s -> this.scenarios.put(s.id(), s));
		Map<String, List<Sample>> grouped = samples.stream()
			.collect(Collectors.groupingBy(s -> key(s.scenario().id(), s.size(), s.metric()), LinkedHashMap::new,
					Collectors.toList()));
		grouped.forEach((key, list) -> {
			this.cells.put(key, Cell.of(list));
			Map<Integer, Cell> byFork = new TreeMap<>();
			list.stream()
				.collect(Collectors.groupingBy(Sample::fork))
				.forEach((fork, windows) -> byFork.put(fork, Cell.of(windows)));
			this.forkCells.put(key, byFork);
			this.windows.put(key, list.stream().collect(Collectors.toMap(s -> window(s.fork(), s.window()), s -> s)));
		});
	}

	/**
	 * The paired comparison of two rows: the median, over every window both measured
	 * (same fork, same window number), of the ratio between their two windows. Meaningful
	 * only for rows that run interleaved, whose windows of one number were measured
	 * seconds apart, in one host state; NaN when no window pairs up.
	 */
	Paired paired(String a, String b, int size, Metric metric, ToDoubleFunction<Sample> value) {
		return paired(a, b, size, metric, value, (x, y) -> x / y);
	}

	/**
	 * As {@link #paired(String, String, int, Metric, ToDoubleFunction)}, comparing each
	 * window pair with {@code compare}.
	 */
	Paired paired(String a, String b, int size, Metric metric, ToDoubleFunction<Sample> value,
			DoubleBinaryOperator compare) {
		Map<Long, Sample> windowsB = this.windows.getOrDefault(key(b, size, metric), Map.of());
		double[] ratios = this.windows.getOrDefault(key(a, size, metric), Map.of())
			.entrySet()
			.stream()
			.filter(e -> windowsB.containsKey(e.getKey()))
			.mapToDouble(e -> compare.applyAsDouble(value.applyAsDouble(e.getValue()),
					value.applyAsDouble(windowsB.get(e.getKey()))))
			.filter(Double::isFinite)
			.sorted()
			.toArray();
		return new Paired(Cell.median(ratios), ratios.length);
	}

	/**
	 * A paired comparison.
	 *
	 * @param ratio the median of the per-window ratios, or NaN
	 * @param windows how many window pairs it is over
	 */
	record Paired(double ratio, int windows) {
	}

	private static long window(int fork, int window) {
		return ((long) fork << 32) | window;
	}

	/**
	 * Each fork's own cell (the median of that fork's windows), by fork number; empty
	 * when not measured.
	 */
	Map<Integer, Cell> forks(String scenarioId, int size, Metric metric) {
		return this.forkCells.getOrDefault(key(scenarioId, size, metric), Map.of());
	}

	/** The cell, or {@code null} when it was not measured. */
	Cell cell(String scenarioId, int size, Metric metric) {
		return this.cells.get(key(scenarioId, size, metric));
	}

	/** Median throughput in messages per second, or NaN. */
	double rate(String scenarioId, int size) {
		Cell cell = cell(scenarioId, size, Metric.THROUGHPUT);
		return (cell != null) ? cell.messagesPerSecond() : Double.NaN;
	}

	/** Median round-trip p50 in ns, or NaN. */
	double p50(String scenarioId, int size) {
		Cell cell = cell(scenarioId, size, Metric.ROUND_TRIP);
		return (cell != null) ? cell.p50() : Double.NaN;
	}

	/**
	 * What one {@code GenericMessage} and one {@code DirectChannel} dispatch cost in this
	 * run ({@code MessageFloor}, measured by the coordinator before the rows), in ns; NaN
	 * when the run did not measure it.
	 */
	double floorNs() {
		return this.floorNs;
	}

	/** Scenarios that ran, in table order. */
	List<Scenario> scenarios() {
		return List.copyOf(this.scenarios.values());
	}

	private static String key(String id, int size, Metric metric) {
		return id + "|" + size + "|" + metric;
	}

}
