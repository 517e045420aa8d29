package io.ipcstarter.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.ToDoubleFunction;

import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Sample;
import io.ipcstarter.bench.Sample.Metric;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.scenario.Scenarios;

/**
 * One ratio the issues set a target for, computed from one run: the ratio of the two
 * rows' medians and, for rows that run interleaved ({@code Scenarios.GROUPS}), the paired
 * ratio, the median of the ratios between windows measured seconds apart. The host flips
 * between states that move every row (benchmarks/README, "Hop ns"), and the ratio of
 * medians can pair one row's fast-state median with the other's slow-state one; a target
 * counts as met only when both ratios meet it.
 *
 * @param what what is compared
 * @param value the ratio (and the two numbers), or why it is missing
 * @param target the target, or {@code -} for context
 * @param met whether the target was met; {@code null} when there is no target or no value
 */
record Headline(String what, String value, String target, Boolean met) {

	static List<Headline> compute(Results r) {
		List<Headline> list = new ArrayList<>();
		list.add(higher(r, "unix-socket full starter vs Spring Integration TCP adapters, throughput 64 B",
				"unix-socket/starter", "si-tcp/peer", 64, 1.5));
		list.add(higher(r, "tcp full starter vs Spring Integration TCP adapters, throughput 64 B", "tcp/starter",
				"si-tcp/peer", 64, Double.NaN));
		for (String transport : List.of("unix-socket", "tcp")) {
			list.add(overhead(r, transport + " full starter vs raw JDK NIO, throughput 4 KiB", transport + "/starter",
					transport + "/raw", 4096, 0.25));
		}
		for (Scenario starter : r.scenarios()) {
			if (starter.layer() != Layer.STARTER) {
				continue;
			}
			String spi = starter.id().replace("/starter", "/spi");
			for (int size : new int[] { 64, 4096, 1024 * 1024 }) {
				list.add(withinFloor(r,
						starter.id() + " vs " + spi + " + 2 × MessageFloor, ns per message " + Report.formatSize(size),
						starter.id(), spi, size));
			}
		}
		for (Scenario s : r.scenarios()) {
			if (!s.transport().equals("shared-memory")) {
				continue;
			}
			String aeron = "shared-memory/aeron/" + (s.id().endsWith("busy-spin") ? "busy-spin" : "backoff");
			if (s.layer() == Layer.SPI) {
				list.add(higher(r, s.id() + " vs " + aeron + ", throughput 64 B", s.id(), aeron, 64, 1.0));
				list.add(higher(r, s.id() + " vs " + aeron + ", throughput 4 KiB", s.id(), aeron, 4096, 1.0));
				list.add(lower(r, s.id() + " vs " + aeron + ", round-trip p50 64 B", s.id(), aeron, 64, 1.2));
				if (s.id().endsWith("backoff")) {
					// like for like: our ring takes any number of producers, so do
					// Aeron's concurrent publications
					String concurrent = "shared-memory/aeron-concurrent/backoff";
					list.add(
							higher(r, s.id() + " vs " + concurrent + ", throughput 64 B", s.id(), concurrent, 64, 1.0));
					list.add(higher(r, s.id() + " vs " + concurrent + ", throughput 4 KiB", s.id(), concurrent, 4096,
							1.0));
					list.add(lower(r, s.id() + " vs " + concurrent + ", round-trip p50 64 B", s.id(), concurrent, 64,
							1.2));
				}
			}
			else if (s.layer() == Layer.STARTER) {
				double rate = r.rate(s.id(), 64);
				list.add(new Headline(s.id() + " throughput 64 B", Report.formatRate(rate) + " msg/s", "≥ 3 M msg/s",
						Double.isNaN(rate) ? null : rate >= 3e6));
				double p50 = r.p50(s.id(), 64);
				list.add(new Headline(s.id() + " round-trip p50 64 B", Report.formatMicros(p50) + " µs", "≤ 5 µs",
						Double.isNaN(p50) ? null : p50 <= 5000));
				list.add(higher(r, s.id() + " vs Spring Integration TCP adapters, throughput 64 B", s.id(),
						"si-tcp/peer", 64, 20));
			}
			else if (s.layer() == Layer.RAW) {
				list.add(higher(r, s.id() + " vs " + aeron + ", throughput 64 B", s.id(), aeron, 64, Double.NaN));
				list.add(lower(r, s.id() + " vs " + aeron + ", round-trip p50 64 B", s.id(), aeron, 64, Double.NaN));
			}
		}
		return list;
	}

	/** a/b where higher is better (throughput). */
	private static Headline higher(Results r, String what, String a, String b, int size, double target) {
		double va = r.rate(a, size);
		double vb = r.rate(b, size);
		Results.Paired paired = paired(r, a, b, size, Metric.THROUGHPUT, Sample::messagesPerSecond);
		String value = ratio(va, vb) + " (" + Report.formatRate(va) + " vs " + Report.formatRate(vb) + " msg/s)"
				+ pairedText(paired, ratio(paired.ratio(), 1))
				+ perFork(r, a, b, size, Metric.THROUGHPUT, Cell::messagesPerSecond, Headline::ratio);
		return new Headline(what, value, Double.isNaN(target) ? "-" : "≥ " + target + "×",
				Double.isNaN(target) || Double.isNaN(va / vb) ? null : va / vb >= target && !(paired.ratio() < target));
	}

	/**
	 * The starter's cost per one-way message against the SPI's plus twice
	 * {@code MessageFloor}'s (one message built and dispatched on each side):
	 * {@code starter / (spi + 2 × floor)}, in ns per message (1e9 / the receiver's rate),
	 * met at ≤ 1. A ratio of rates ("within 2× of the SPI") cannot hold where the SPI
	 * moves a message faster than Spring can build and dispatch one (shared memory at 64
	 * B: about 31 ns against a 55–60 ns floor). Not evaluated when the run did not
	 * measure the floor.
	 */
	private static Headline withinFloor(Results r, String what, String starter, String spi, int size) {
		double floor = r.floorNs();
		double vs = nsPerMessage(r.rate(starter, size));
		double vp = nsPerMessage(r.rate(spi, size));
		String target = "≤ 1.00× (SPI + 2 × floor)";
		if (Double.isNaN(vs) || Double.isNaN(vp)) {
			return new Headline(what, "not measured", target, null);
		}
		if (Double.isNaN(floor)) {
			return new Headline(what, "not evaluated: MessageFloor was not measured in this run (" + ns(vs) + " vs SPI "
					+ ns(vp) + " ns per message)", target, null);
		}
		double ratio = vs / (vp + 2 * floor);
		Comparison format = (a, b) -> ratio(a, b + 2 * floor);
		Results.Paired paired = paired(r, starter, spi, size, Metric.THROUGHPUT,
				s -> nsPerMessage(s.messagesPerSecond()), (a, b) -> a / (b + 2 * floor));
		String value = ratio(vs, vp + 2 * floor) + " (" + ns(vs) + " vs " + ns(vp) + " + 2 × " + ns(floor) + " = "
				+ ns(vp + 2 * floor) + " ns per message)" + pairedText(paired, ratio(paired.ratio(), 1))
				+ perFork(r, starter, spi, size, Metric.THROUGHPUT, c -> nsPerMessage(c.messagesPerSecond()), format);
		return new Headline(what, value, target, ratio <= 1 && !(paired.ratio() > 1));
	}

	private static double nsPerMessage(double rate) {
		return (rate > 0) ? 1e9 / rate : Double.NaN;
	}

	private static String ns(double ns) {
		return String.format(Locale.ROOT, ns >= 100 ? "%.0f" : "%.1f", ns);
	}

	/** a/b where lower is better (latency). */
	private static Headline lower(Results r, String what, String a, String b, int size, double target) {
		double va = r.p50(a, size);
		double vb = r.p50(b, size);
		Results.Paired paired = paired(r, a, b, size, Metric.ROUND_TRIP, Sample::p50);
		String value = ratio(va, vb) + " (" + Report.formatMicros(va) + " vs " + Report.formatMicros(vb) + " µs)"
				+ pairedText(paired, ratio(paired.ratio(), 1))
				+ perFork(r, a, b, size, Metric.ROUND_TRIP, Cell::p50, Headline::ratio);
		return new Headline(what, value, Double.isNaN(target) ? "-" : "≤ " + target + "×",
				Double.isNaN(target) || Double.isNaN(va / vb) ? null : va / vb <= target && !(paired.ratio() > target));
	}

	/** 1 - a/b: the throughput the upper layer loses. */
	private static Headline overhead(Results r, String what, String a, String b, int size, double target) {
		double va = r.rate(a, size);
		double vb = r.rate(b, size);
		double loss = 1 - va / vb;
		Results.Paired paired = paired(r, a, b, size, Metric.THROUGHPUT, Sample::messagesPerSecond);
		String value = Double.isNaN(loss) ? "not measured"
				: String.format("%s (%s vs %s msg/s)", percentBelow(va, vb), Report.formatRate(va),
						Report.formatRate(vb)) + pairedText(paired, percentBelow(paired.ratio(), 1))
						+ perFork(r, a, b, size, Metric.THROUGHPUT, Cell::messagesPerSecond, Headline::percentBelow);
		return new Headline(what, value, "≤ " + Math.round(target * 100) + " %",
				Double.isNaN(loss) ? null : loss <= target && !(1 - paired.ratio() > target));
	}

	/**
	 * The paired ratio of two rows that run interleaved; none (NaN, 0 windows) for rows
	 * that do not.
	 */
	private static Results.Paired paired(Results r, String a, String b, int size, Metric metric,
			ToDoubleFunction<Sample> value) {
		return paired(r, a, b, size, metric, value, (x, y) -> x / y);
	}

	private static Results.Paired paired(Results r, String a, String b, int size, Metric metric,
			ToDoubleFunction<Sample> value, DoubleBinaryOperator compare) {
		return Scenarios.interleaved(a, b) ? r.paired(a, b, size, metric, value, compare)
				: new Results.Paired(Double.NaN, 0);
	}

	private static String pairedText(Results.Paired paired, String formatted) {
		return (paired.windows() == 0) ? "" : "; paired " + formatted + " over " + paired.windows() + " window pair"
				+ (paired.windows() == 1 ? "" : "s");
	}

	/**
	 * The same comparison fork by fork, when there are several. Rows a target compares
	 * run interleaved window by window within a fork ({@code Scenarios.GROUPS}), so each
	 * of these compares windows measured seconds apart; a fork whose rows drew a host
	 * state that changed mid-window still stands out. Context for the verdict.
	 */
	private static String perFork(Results r, String a, String b, int size, Metric metric, ToDoubleFunction<Cell> value,
			Comparison format) {
		Map<Integer, Cell> forksB = r.forks(b, size, metric);
		List<String> each = new ArrayList<>();
		r.forks(a, size, metric).forEach((fork, cellA) -> {
			Cell cellB = forksB.get(fork);
			if (cellB != null) {
				each.add(format.apply(value.applyAsDouble(cellA), value.applyAsDouble(cellB)));
			}
		});
		return (each.size() < 2) ? "" : "; per fork " + String.join(", ", each);
	}

	/** How much slower (or faster) throughput a is than b, in percent of b. */
	private static String percentBelow(double a, double b) {
		double loss = 1 - a / b;
		return String.format("%.0f %% %s", Math.abs(loss) * 100, (loss >= 0) ? "slower" : "faster");
	}

	/** How two numbers compare, as text (a ratio, a percentage). */
	@FunctionalInterface
	private interface Comparison {

		String apply(double a, double b);

	}

	private static String ratio(double a, double b) {
		double ratio = a / b;
		return Double.isNaN(ratio) || Double.isInfinite(ratio) ? "not measured" : String.format("%.2f×", ratio);
	}

}
