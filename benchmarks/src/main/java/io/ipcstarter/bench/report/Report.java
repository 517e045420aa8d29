package io.ipcstarter.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.ipcstarter.bench.Sample;
import io.ipcstarter.bench.Sample.Metric;
import io.ipcstarter.bench.Scenario;

/** Writes a run's {@code results.md}, {@code results.csv} and {@code chart.svg}. */
public final class Report {

	static final int[] SIZES = { 64, 4096, 1024 * 1024 };

	private static final String TABLE_HEAD = "| transport | layer | what | 64 B | 4 KiB | 1 MiB | our CPU | other CPU "
			+ "| hop ns |\n|---|---|---|---|---|---|---|---|---|\n";

	private Report() {
	}

	public static void write(Path out, String command, String config, Map<String, String> facts, List<Scenario> ran,
			List<Sample> samples, double floorNs, Map<String, String> skipped, Map<String, String> failed)
			throws IOException {
		Results results = new Results(ran, samples, floorNs);
		Files.writeString(out.resolve("results.csv"), csv(samples));
		if (!Double.isNaN(floorNs)) {
			Files.writeString(out.resolve(HeadlineTable.FLOOR_FILE), String.format(Locale.ROOT, "%.1f%n", floorNs));
		}
		Files.writeString(out.resolve("chart.svg"), SvgChart.render(results, facts.get("Started")));
		Files.writeString(out.resolve("results.md"), markdown(command, config, facts, results, skipped, failed));
	}

	private static String markdown(String command, String config, Map<String, String> facts, Results r,
			Map<String, String> skipped, Map<String, String> failed) {
		StringBuilder md = new StringBuilder();
		md.append("## Run\n\n");
		md.append("- Command: `").append(command).append("`\n");
		md.append("- Mode: ").append(config).append("\n");
		facts.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append("\n"));
		md.append("\nEvery cell is the median over its windows. Sender and receiver are separate JVMs. ");
		md.append("\"Our CPU\" is what the two benchmark JVMs used, \"other CPU\" what every other process on the ");
		md.append("machine used during the same windows (from `/proc/stat` minus the JVMs' `/proc/<pid>/stat`), ");
		md.append("both in cores (median, and the worst window for other CPU). Rows compared with each other run ");
		md.append("interleaved, one window each in turn, the rows not being measured frozen (`SIGSTOP`). ");
		md.append("\"Hop\" is the host's state when the row was measured: nanoseconds for one hop of a volatile ");
		md.append("between two threads of the coordinator on different cores, probed just before each window with ");
		md.append("every benchmark JVM frozen (median, and the range over the row's windows); this VM switches ");
		md.append("between states near 40 ns and above 200 ns, and round trips follow.\n\n");

		md.append("### Headline ratios\n\n").append(headlineTable(r));

		md.append("\n### One-way throughput (at the receiver, with back-pressure)\n\n");
		md.append(TABLE_HEAD);
		for (Scenario s : r.scenarios()) {
			md.append(rowStart(s));
			CpuColumns cpu = new CpuColumns();
			for (int size : SIZES) {
				Cell c = r.cell(s.id(), size, Metric.THROUGHPUT);
				cpu.add(c);
				md.append(c == null ? "-"
						: formatRate(c.messagesPerSecond()) + " msg/s<br>" + formatMb(c.megabytesPerSecond()) + " MB/s")
					.append(" | ");
			}
			md.append(cpu).append(" |\n");
		}

		md.append("\n### Request/reply round trip (one outstanding request), p50 / p99 / p99.9 in µs\n\n");
		md.append(TABLE_HEAD);
		for (Scenario s : r.scenarios()) {
			md.append(rowStart(s));
			CpuColumns cpu = new CpuColumns();
			for (int size : SIZES) {
				Cell c = r.cell(s.id(), size, Metric.ROUND_TRIP);
				cpu.add(c);
				md.append(c == null ? "-"
						: formatMicros(c.p50()) + " / " + formatMicros(c.p99()) + " / " + formatMicros(c.p999()))
					.append(" | ");
			}
			md.append(cpu).append(" |\n");
		}
		if (!skipped.isEmpty() || !failed.isEmpty()) {
			md.append("\n### Not measured\n\n");
			skipped.forEach((id, why) -> md.append("- `").append(id).append("` skipped: ").append(why).append("\n"));
			failed.forEach((id, why) -> md.append("- `").append(id).append("` failed: ").append(why).append("\n"));
		}
		return md.toString();
	}

	private static String rowStart(Scenario s) {
		return "| " + s.transport() + " | " + s.layer().label() + " | " + s.description() + " | ";
	}

	/**
	 * Our and other CPU over a row's cells: the mean of the cells' medians, and the worst
	 * window; the host hop: the median of the cells' medians, and the range over every
	 * window.
	 */
	private static final class CpuColumns {

		private double bench;

		private double other;

		private double otherMax;

		private int n;

		private final List<Double> hops = new ArrayList<>();

		private double hopMin = Double.POSITIVE_INFINITY;

		private double hopMax = Double.NEGATIVE_INFINITY;

		void add(Cell c) {
			if (c != null) {
				this.hops.add(c.hopNs());
				this.hopMin = Math.min(this.hopMin, c.hopNsMin());
				this.hopMax = Math.max(this.hopMax, c.hopNsMax());
				this.bench += c.benchCores();
				this.other += c.otherCores();
				this.otherMax = Math.max(this.otherMax, c.otherCoresMax());
				this.n++;
			}
		}

		@Override
		public String toString() {
			if (this.n == 0) {
				return "- | - | -";
			}
			double[] sorted = this.hops.stream().mapToDouble(Double::doubleValue).sorted().toArray();
			int h = sorted.length;
			double hop = (h % 2 == 1) ? sorted[h / 2] : (sorted[h / 2 - 1] + sorted[h / 2]) / 2;
			return String.format(Locale.ROOT, "%.2f | %.2f (max %.2f) | %.0f (%.0f–%.0f)", this.bench / this.n,
					this.other / this.n, this.otherMax, hop, this.hopMin, this.hopMax);
		}

	}

	/** The headline table, in Markdown. */
	static String headlineTable(Results r) {
		StringBuilder md = new StringBuilder("| comparison | measured | target | met |\n|---|---|---|---|\n");
		for (Headline h : Headline.compute(r)) {
			md.append("| ")
				.append(h.what())
				.append(" | ")
				.append(h.value())
				.append(" | ")
				.append(h.target())
				.append(" | ")
				.append(h.met() == null ? "-" : (h.met() ? "yes" : "**no**"))
				.append(" |\n");
		}
		return md.toString();
	}

	private static String csv(List<Sample> samples) {
		StringBuilder csv = new StringBuilder(
				"scenario,transport,layer,size,metric,fork,window,count,msg_per_s,mb_per_s,p50_ns,p99_ns,p999_ns,"
						+ "max_ns,bench_cores,other_cores,hop_ns\n");
		for (Sample s : samples) {
			csv.append(String.join(",", s.scenario().id(), s.scenario().transport(), s.scenario().layer().name(),
					String.valueOf(s.size()), s.metric().name(), String.valueOf(s.fork()), String.valueOf(s.window()),
					String.valueOf(s.count()), String.format(Locale.ROOT, "%.1f", s.messagesPerSecond()),
					String.format(Locale.ROOT, "%.3f", s.megabytesPerSecond()), String.valueOf(s.p50()),
					String.valueOf(s.p99()), String.valueOf(s.p999()), String.valueOf(s.max()),
					String.format(Locale.ROOT, "%.3f", s.cpu().benchCores()),
					String.format(Locale.ROOT, "%.3f", s.cpu().otherCores()),
					String.format(Locale.ROOT, "%.1f", s.hopNs())))
				.append('\n');
		}
		return csv.toString();
	}

	/** 1234567 as {@code 1.23 M}. */
	public static String formatRate(double rate) {
		if (Double.isNaN(rate)) {
			return "n/a";
		}
		if (rate >= 1e6) {
			return String.format(Locale.ROOT, "%.2f M", rate / 1e6);
		}
		if (rate >= 1e3) {
			return String.format(Locale.ROOT, "%.1f k", rate / 1e3);
		}
		return String.format(Locale.ROOT, "%.0f", rate);
	}

	static String formatMb(double mb) {
		return String.format(Locale.ROOT, mb >= 100 ? "%.0f" : "%.1f", mb);
	}

	/** Nanoseconds as microseconds with sensible precision. */
	public static String formatMicros(double nanos) {
		if (Double.isNaN(nanos)) {
			return "n/a";
		}
		double us = nanos / 1000;
		return String.format(Locale.ROOT, us >= 100 ? "%.0f" : us >= 10 ? "%.1f" : "%.2f", us);
	}

	static String formatSize(int size) {
		return size >= 1024 * 1024 ? size / (1024 * 1024) + " MiB" : size >= 1024 ? size / 1024 + " KiB" : size + " B";
	}

}
