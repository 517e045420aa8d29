package io.ipcstarter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.ipcstarter.bench.ChildProcess.BenchFailure;
import io.ipcstarter.bench.report.Report;
import io.ipcstarter.bench.scenario.Scenarios;

/**
 * The coordinator: runs every scenario (each fork a fresh receiver JVM and sender JVM), measures each message size's
 * one-way throughput at the receiver and round trip at the sender in windows, samples CPU around every window, and
 * writes {@code results.md}, {@code results.csv} and {@code chart.svg}. Usage: see {@code benchmarks/README.md}.
 */
public final class BenchMain {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

	private final BenchConfig config;

	private final Path logs;

	private final int cpus = Runtime.getRuntime().availableProcessors();

	private final List<Sample> samples = new ArrayList<>();

	private BenchMain(BenchConfig config, Path logs) {
		this.config = config;
		this.logs = logs;
	}

	public static void main(String[] argv) throws Exception {
		BenchConfig config = BenchConfig.parse(argv);
		Path out = config.out().toAbsolutePath();
		Path logs = Files.createDirectories(out.resolve("logs"));
		Map<String, String> facts = MachineFacts.read();
		Instant started = Instant.now();
		facts.put("Started", started.toString());
		BenchMain main = new BenchMain(config, logs);
		Map<String, String> skipped = new LinkedHashMap<>();
		Map<String, String> failed = new LinkedHashMap<>();
		List<Scenario> ran = new ArrayList<>();
		System.out.println("ipc benchmarks, " + config.describe() + ", results in " + out);
		for (Scenario scenario : Scenarios.all()) {
			if (!config.only().matcher(scenario.id()).matches()) {
				continue;
			}
			String reason = scenario.unavailableReason();
			if (reason != null) {
				skipped.put(scenario.id(), reason);
				System.out.printf("%-36s skipped: %s%n", scenario.id(), reason);
				continue;
			}
			ran.add(scenario);
		}
		// forks outermost: on a shared machine each row then gets samples from every phase of the neighbours' load,
		// instead of one row measured in a quiet minute and the next in a busy one; within a fork, compared rows run
		// back to back (Scenarios.runOrder)
		for (int fork = 0; fork < config.forks(); fork++) {
			for (Scenario scenario : Scenarios.runOrder(ran, fork)) {
				try {
					main.runFork(scenario, fork);
				}
				catch (BenchFailure | IOException ex) {
					failed.merge(scenario.id(), "fork " + fork + ": " + ex.getMessage(), (a, b) -> a + "; " + b);
					System.out.printf("%-36s FAILED: %s%n", scenario.id(), ex.getMessage());
				}
			}
		}
		facts.put("Load average at end", MachineFacts.loadAverage());
		facts.put("Duration", Duration.between(started, Instant.now()).toSeconds() + " s");
		String command = "benchmarks/run.sh " + String.join(" ", argv);
		Report.write(out, command, config.describe(), facts, ran, main.samples, skipped, failed);
		System.out.println("Wrote " + out.resolve("results.md") + ", results.csv, chart.svg");
	}

	private void runFork(Scenario scenario, int fork) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory(tempRoot(), "ipc-bench-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		try {
			Args args = new Args(scenario.addresses(new Addresses(dir)));
			// both JVMs boot (and pre-touch their heaps) at once; the sender builds its endpoints on START, once the
			// receiver's exist
			try (ChildProcess receiver = ChildProcess.start("receiver", scenario, args, BenchConfig.childJvmArgs,
					this.logs);
					ChildProcess sender = ChildProcess.start("sender", scenario, args, BenchConfig.childJvmArgs,
							this.logs)) {
				receiver.expect("READY", START_TIMEOUT);
				sender.send("START");
				sender.expect("READY", START_TIMEOUT);
				for (int size : this.config.sizes()) {
					warmUp(size, receiver, sender);
				}
				for (int size : this.config.sizes()) {
					throughput(scenario, fork, size, receiver, sender);
					roundTrip(scenario, fork, size, receiver, sender);
				}
			}
		}
		finally {
			deleteRecursively(dir);
		}
	}

	/** Both metrics at one size, nothing recorded: the JIT compiles every path before the first window. */
	private void warmUp(int size, ChildProcess receiver, ChildProcess sender) throws InterruptedException {
		sender.send("TPUT " + size);
		sender.expect("SENDING", STEP_TIMEOUT);
		Thread.sleep(this.config.warmupPassMs());
		sender.send("STOP");
		sender.expect("STOPPED", STEP_TIMEOUT);
		drain(receiver);
		sender.send("RTT " + size + " " + this.config.warmupPassMs() + " 0 0");
		sender.expect("RTTDONE", STEP_TIMEOUT);
	}

	private void throughput(Scenario scenario, int fork, int size, ChildProcess receiver, ChildProcess sender)
			throws InterruptedException {
		long[] pids = { receiver.pid(), sender.pid() };
		sender.send("TPUT " + size);
		sender.expect("SENDING", STEP_TIMEOUT);
		long[] before = warmUpThroughput(receiver);
		CpuSample cpuBefore = CpuSample.take(pids);
		double[] rates = new double[this.config.windows()];
		for (int w = 0; w < this.config.windows(); w++) {
			Thread.sleep(this.config.throughputWindowMs());
			long[] after = count(receiver);
			CpuSample cpuAfter = CpuSample.take(pids);
			double seconds = (after[2] - before[2]) / 1e9;
			long messages = after[0] - before[0];
			double rate = messages / seconds;
			rates[w] = rate;
			this.samples.add(new Sample(scenario, size, Sample.Metric.THROUGHPUT, fork, w, messages, rate,
					(after[1] - before[1]) / seconds / 1e6, 0, 0, 0, 0, cpuAfter.since(cpuBefore, this.cpus)));
			before = after;
			cpuBefore = cpuAfter;
		}
		sender.send("STOP");
		sender.expect("STOPPED", STEP_TIMEOUT);
		drain(receiver);
		System.out.printf("%-36s fork %d %8d B  throughput %s msg/s%n", scenario.id(), fork, size,
				Report.formatRate(median(rates)));
	}

	/**
	 * Send for at least the configured warm-up, then on until the rate settles: two consecutive slices within 15 %
	 * of each other (a JIT still compiling shows as a rising rate), at most 3x the warm-up (on a shared machine the
	 * neighbours' load alone moves the rate by more than that). Returns the receiver's count at the end.
	 */
	private long[] warmUpThroughput(ChildProcess receiver) throws InterruptedException {
		long minimum = this.config.throughputWarmupMs();
		long slice = Math.max(100, minimum / 3);
		long started = System.nanoTime();
		long[] previous = count(receiver);
		double previousRate = -1;
		while (true) {
			Thread.sleep(slice); // timing a slice, not waiting for an event
			long[] now = count(receiver);
			double rate = (now[0] - previous[0]) * 1e9 / (now[2] - previous[2]);
			long elapsedMs = (System.nanoTime() - started) / 1_000_000;
			boolean settled = previousRate > 0 && Math.abs(rate - previousRate) <= 0.15 * previousRate;
			if (elapsedMs >= minimum && settled || elapsedMs >= 3 * minimum) {
				return now;
			}
			previous = now;
			previousRate = rate;
		}
	}

	private void roundTrip(Scenario scenario, int fork, int size, ChildProcess receiver, ChildProcess sender)
			throws InterruptedException {
		long[] pids = { receiver.pid(), sender.pid() };
		sender.send("RTT " + size + " " + this.config.roundTripWarmupMs() + " " + this.config.roundTripWindowMs() + " "
				+ this.config.windows());
		double[] p50s = new double[this.config.windows()];
		for (int w = 0; w < this.config.windows(); w++) {
			sender.expect("WSTART", STEP_TIMEOUT);
			CpuSample cpuBefore = CpuSample.take(pids);
			String[] end = sender.expect("WEND", STEP_TIMEOUT);
			CpuSample cpuAfter = CpuSample.take(pids);
			long count = Long.parseLong(end[2]);
			p50s[w] = Long.parseLong(end[3]);
			this.samples.add(new Sample(scenario, size, Sample.Metric.ROUND_TRIP, fork, w, count, 0, 0,
					Long.parseLong(end[3]), Long.parseLong(end[4]), Long.parseLong(end[5]), Long.parseLong(end[6]),
					cpuAfter.since(cpuBefore, this.cpus)));
		}
		sender.expect("RTTDONE", STEP_TIMEOUT);
		System.out.printf("%-36s fork %d %8d B  round trip p50 %s us%n", scenario.id(), fork, size,
				Report.formatMicros(median(p50s)));
	}

	/**
	 * Wait until the receiver has taken in everything sent: a deep buffer (a 16 MiB ring holds 200 000 small
	 * messages) would otherwise be counted against the next message size.
	 */
	private static void drain(ChildProcess receiver) throws InterruptedException {
		long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
		long last = count(receiver)[0];
		int unchanged = 0;
		while (unchanged < 2) {
			if (System.nanoTime() > deadline) {
				throw new BenchFailure("receiver still taking in messages " + STEP_TIMEOUT + " after the sender stopped");
			}
			Thread.sleep(50); // polling the receiver's count: there is no event for "nothing more in flight"
			long now = count(receiver)[0];
			unchanged = (now == last) ? unchanged + 1 : 0;
			last = now;
		}
	}

	/** Messages, bytes and the receiver's clock, read in the receiver. */
	private static long[] count(ChildProcess receiver) throws InterruptedException {
		receiver.send("COUNT");
		String[] words = receiver.expect("COUNT", STEP_TIMEOUT);
		return new long[] { Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]) };
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		java.util.Arrays.sort(sorted);
		int n = sorted.length;
		return (n % 2 == 1) ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
	}

	/** Mapped files belong in memory: {@code /dev/shm} where there is one. */
	private static Path tempRoot() {
		Path shm = Path.of("/dev/shm");
		return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
	}

	private static void deleteRecursively(Path dir) throws IOException {
		try (Stream<Path> paths = Files.walk(dir)) {
			for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

}
