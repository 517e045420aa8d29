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
 * Prints the headline table of a run again from its {@code results.csv}, as the current harness computes it: for
 * runs written before the table had paired ratios. Usage:
 * {@code java -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.ipcstarter.bench.report.HeadlineTable results.csv}
 */
public final class HeadlineTable {

	private HeadlineTable() {
	}

	public static void main(String[] args) throws IOException {
		List<Sample> samples = read(Path.of(args[0]));
		List<Scenario> ran = samples.stream().map(Sample::scenario).distinct().toList();
		System.out.print(Report.headlineTable(new Results(ran, samples)));
	}

	/** The samples of a {@code results.csv} as {@link Report} writes it (the columns it names in its header). */
	static List<Sample> read(Path csv) throws IOException {
		List<String> lines = Files.readAllLines(csv);
		List<String> header = List.of(lines.get(0).split(","));
		List<Sample> samples = new ArrayList<>();
		for (String line : lines.subList(1, lines.size())) {
			String[] f = line.split(",");
			Function<String, String> col = name -> f[header.indexOf(name)];
			samples.add(new Sample(Scenarios.byId(col.apply("scenario")), Integer.parseInt(col.apply("size")),
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
