package io.ipcstarter.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.ipcstarter.bench.CpuSample;
import io.ipcstarter.bench.Sample;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.scenario.Scenarios;

/**
 * Prints the headline table of a run again from its {@code results.csv}, as the current
 * harness computes it: for runs written before the table had paired ratios. Usage:
 * {@code java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.ipcstarter.bench.report.HeadlineTable results.csv [--floor-ns=N]}
 * (the floor for the starter check comes from {@code --floor-ns} or the run's
 * {@value #FLOOR_FILE}).
 */
public final class HeadlineTable {

	private HeadlineTable() {
	}

	/**
	 * Where a run writes {@code MessageFloor}'s ns per message, next to
	 * {@code results.csv}, when it measured it.
	 */
	static final String FLOOR_FILE = "message-floor.txt";

	public static void main(String[] args) throws IOException {
		Path csv = Path.of(args[0]);
		List<Sample> samples = read(csv);
		List<Scenario> ran = samples.stream().map(Sample::scenario).distinct().toList();
		System.out.print(Report.headlineTable(new Results(ran, samples, floor(csv, args))));
	}

	/**
	 * The floor measured in the same run: {@code --floor-ns=N} if given (a run that wrote
	 * it down elsewhere), else {@value #FLOOR_FILE} next to the CSV; NaN when neither
	 * (the starter check is then not evaluated).
	 */
	static double floor(Path csv, String[] args) throws IOException {
		for (String arg : args) {
			if (arg.startsWith("--floor-ns=")) {
				return Double.parseDouble(arg.substring("--floor-ns=".length()));
			}
		}
		Path file = csv.toAbsolutePath().resolveSibling(FLOOR_FILE);
		return Files.exists(file) ? Double.parseDouble(Files.readString(file).trim()) : Double.NaN;
	}

	/**
	 * The samples of a {@code results.csv} as {@link Report} writes it (the columns it
	 * names in its header).
	 */
	static List<Sample> read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		List<String> header = List.of(lines.get(0).split(","));
		List<Sample> samples = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			Function<String, String> col = name -> f[header.indexOf(name)];
			samples
				.add(new Sample(Scenarios.byId(col.apply("scenario")), Integer.parseInt(col.apply("size")),
						Sample.Metric.valueOf(col.apply("metric")), Integer.parseInt(col.apply("fork")),
						Integer.parseInt(col.apply("window")), Long.parseLong(col.apply("count")),
						Double.parseDouble(col.apply("msg_per_s")), Double.parseDouble(col.apply("mb_per_s")),
						Long.parseLong(col.apply("p50_ns")), Long.parseLong(col.apply("p99_ns")),
						Long.parseLong(col.apply("p999_ns")), Long.parseLong(col.apply("max_ns")),
						new CpuSample.Usage(Double.parseDouble(col.apply("bench_cores")),
								Double.parseDouble(col.apply("other_cores"))),
						Double.parseDouble(col.apply("hop_ns"))));
		}
		return samples;
	}

}
