package io.ipcstarter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.ipcstarter.bench.ChildProcess.BenchFailure;
import io.ipcstarter.bench.report.Report;
import io.ipcstarter.bench.scenario.Scenarios;

/**
 * The coordinator: runs every scenario (each fork a fresh receiver JVM and sender JVM),
 * measures each message size's one-way throughput at the receiver and round trip at the
 * sender in windows, samples CPU and the host's state ({@link HopProbe}) around every
 * window, and writes {@code results.md}, {@code results.csv} and {@code chart.svg}. Rows
 * compared with each other ({@code Scenarios.GROUPS}) run interleaved: all pairs of a
 * group are up at once, every pair but the one being measured frozen, and the group's
 * rows take turns window by window. Usage: see {@code benchmarks/README.md}.
 */
public final class BenchMain {

	private final BenchConfig config;

	private final Path logs;

	private final List<Sample> samples = new ArrayList<>();

	private final Map<String, String> failed = new LinkedHashMap<>();

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
		// a frozen child cannot see its stdin close: should the coordinator be
		// interrupted, kill what it started
		Runtime.getRuntime()
			.addShutdownHook(
					new Thread(() -> ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly)));
		HopProbe.warmUp();
		// the floor under the Spring rows, for the check "starter ≤ SPI + 2 × floor":
		// measured in this run, by itself
		double floorNs = ran.stream().anyMatch(s -> s.layer() == Layer.STARTER) ? measureFloor(logs) : Double.NaN;
		facts.put("MessageFloor", Double.isNaN(floorNs) ? "not measured (no full-starter row, or it failed)"
				: String.format(Locale.ROOT, "%.1f ns per message (GenericMessage + DirectChannel send)", floorNs));
		// forks outermost: on a shared machine each row then gets samples from every
		// phase of the neighbours' load
		for (int fork = 0; fork < config.forks(); fork++) {
			for (List<Scenario> group : Scenarios.groups(ran)) {
				main.runGroup(group, fork);
			}
		}
		facts.put("Load average at end", MachineFacts.loadAverage());
		facts.put("Duration", Duration.between(started, Instant.now()).toSeconds() + " s");
		String command = "benchmarks/run.sh " + String.join(" ", argv);
		Report.write(out, command, config.describe(), facts, ran, main.samples, floorNs, skipped, main.failed);
		System.out.println("Wrote " + out.resolve("results.md") + ", results.csv, chart.svg");
	}

	/**
	 * Runs {@link MessageFloor} in a child JVM with the children's options, alone on the
	 * machine (no pair is up yet), and reads its result: ns per message; NaN when it
	 * failed (the log says why).
	 */
	private static double measureFloor(Path logs) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(BenchConfig.childJvmArgs);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), MessageFloor.class.getName()));
		Path log = logs.resolve("message-floor.log");
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		if (!process.waitFor(5, TimeUnit.MINUTES)) {
			process.destroyForcibly();
		}
		double floorNs = Files.readAllLines(log)
			.stream()
			.filter(line -> line.startsWith(MessageFloor.RESULT))
			.mapToDouble(line -> Double.parseDouble(line.substring(MessageFloor.RESULT.length()).trim()))
			.findFirst()
			.orElse(Double.NaN);
		System.out.printf("%-40s %.1f ns per message%n", "MessageFloor", floorNs);
		return floorNs;
	}

	/**
	 * One fork of a group: start each row's pair in turn (the others frozen), warm it up
	 * and freeze it; then for each size and window index, every pair in turn (a different
	 * one first each window) is thawed, measured for one throughput and one round-trip
	 * window, and frozen again. A pair that fails is noted and closed; the rest go on.
	 */
	private void runGroup(List<Scenario> group, int fork) throws InterruptedException {
		List<Pair> pairs = new ArrayList<>();
		try {
			for (Scenario scenario : group) {
				Pair pair = start(scenario, fork);
				if (pair != null) {
					pairs.add(pair);
				}
			}
			for (int size : this.config.sizes()) {
				for (int w = 0; w < this.config.windows(); w++) {
					List<Pair> turn = new ArrayList<>(pairs);
					if (!turn.isEmpty()) {
						Collections.rotate(turn, -((fork * this.config.windows() + w) % turn.size()));
					}
					for (Pair pair : turn) {
						if (size > pair.scenario().maxMessageSize()) {
							// udp, message-queue: not above their largest message
							continue;
						}
						if (!measure(pair, size, fork, w)) {
							pairs.remove(pair);
						}
					}
				}
			}
		}
		finally {
			for (Pair pair : pairs) {
				close(pair, fork);
			}
		}
	}

	/**
	 * Start a row's pair and warm it up at every size, then freeze it; {@code null} when
	 * it failed.
	 */
	private Pair start(Scenario scenario, int fork) throws InterruptedException {
		Pair pair = null;
		try {
			pair = Pair.start(scenario, this.config, this.logs);
			for (int size : this.config.sizes()) {
				if (size <= scenario.maxMessageSize()) {
					pair.warmUp(size);
				}
			}
			pair.freeze();
			return pair;
		}
		catch (BenchFailure | IOException ex) {
			fail(scenario, fork, ex);
			if (pair != null) {
				close(pair, fork);
			}
			return null;
		}
	}

	/**
	 * One throughput and one round-trip window of a frozen pair, frozen again after;
	 * false when it failed.
	 */
	private boolean measure(Pair pair, int size, int fork, int w) throws InterruptedException {
		try {
			double hopNs = HopProbe.measure(); // every benchmark JVM is frozen now
			pair.thaw();
			Sample throughput = pair.throughput(size, fork, w, hopNs);
			this.samples.add(throughput);
			Sample roundTrip = null;
			if (pair.scenario().roundTrip()) {
				roundTrip = pair.roundTrip(size, fork, w, hopNs);
				this.samples.add(roundTrip);
			}
			pair.freeze();
			System.out.printf("%-40s fork %d %8d B window %d  %s msg/s  round trip p50 %s us  hop %.0f ns%s%n",
					pair.scenario().id(), fork, size, w, Report.formatRate(throughput.messagesPerSecond()),
					(roundTrip != null) ? Report.formatMicros(roundTrip.p50()) : "-", hopNs,
					(pair.lastLost() != 0) ? "  lost " + pair.lastLost() : "");
			return true;
		}
		catch (BenchFailure | IOException ex) {
			fail(pair.scenario(), fork, ex);
			close(pair, fork);
			return false;
		}
	}

	private void close(Pair pair, int fork) throws InterruptedException {
		try {
			System.out.printf("%-40s fork %d done, frozen for up to %.1f s at a time%n", pair.scenario().id(), fork,
					pair.longestFreeze().toMillis() / 1000.0);
			pair.close();
		}
		catch (IOException ex) {
			fail(pair.scenario(), fork, ex);
		}
	}

	private void fail(Scenario scenario, int fork, Exception ex) {
		this.failed.merge(scenario.id(), "fork " + fork + ": " + ex.getMessage(), (a, b) -> a + "; " + b);
		System.out.printf("%-40s FAILED: %s%n", scenario.id(), ex.getMessage());
	}

}
