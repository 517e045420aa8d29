package io.ipcstarter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import io.ipcstarter.bench.ChildProcess.BenchFailure;

/**
 * One row's receiver JVM and sender JVM, and the commands that measure them: a warm-up
 * pass, then one throughput window and one round-trip window at a time. Between its
 * windows the coordinator freezes the pair ({@code SIGSTOP}, after the sender stopped and
 * the receiver drained, so nothing is in flight) while other rows are measured.
 */
final class Pair implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

	private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);

	private final Scenario scenario;

	private final BenchConfig config;

	private final Path dir;

	private long lastLost;

	private final ChildProcess receiver;

	private final ChildProcess sender;

	private final int cpus = Runtime.getRuntime().availableProcessors();

	private long frozenAt;

	private long longestFreezeNs;

	private Pair(Scenario scenario, BenchConfig config, Path dir, ChildProcess receiver, ChildProcess sender) {
		this.scenario = scenario;
		this.config = config;
		this.dir = dir;
		this.receiver = receiver;
		this.sender = sender;
	}

	/**
	 * Start both JVMs with addresses in a private directory under {@code /dev/shm}: both
	 * boot (and pre-touch their heaps) at once; the sender builds its endpoints on START,
	 * once the receiver's exist.
	 */
	static Pair start(Scenario scenario, BenchConfig config, Path logs) throws IOException, InterruptedException {
		Path dir = Files.createTempDirectory(tempRoot(), "ipc-bench-",
				PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		ChildProcess receiver = null;
		ChildProcess sender = null;
		try {
			Args args = new Args(scenario.addresses(new Addresses(dir)));
			receiver = ChildProcess.start("receiver", scenario, args, BenchConfig.childJvmArgs, logs);
			sender = ChildProcess.start("sender", scenario, args, BenchConfig.childJvmArgs, logs);
			receiver.expect("READY", START_TIMEOUT);
			sender.send("START");
			sender.expect("READY", START_TIMEOUT);
			return new Pair(scenario, config, dir, receiver, sender);
		}
		catch (IOException | InterruptedException | RuntimeException ex) {
			new Pair(scenario, config, dir, receiver, sender).close();
			throw ex;
		}
	}

	Scenario scenario() {
		return this.scenario;
	}

	/**
	 * Stop both JVMs, the sender first. Call only when quiescent: after a window, never
	 * during one.
	 */
	void freeze() throws IOException, InterruptedException {
		this.sender.freeze();
		this.receiver.freeze();
		this.frozenAt = System.nanoTime();
	}

	/** Let both JVMs run again, the receiver first. */
	void thaw() throws IOException, InterruptedException {
		this.receiver.thaw();
		this.sender.thaw();
		this.longestFreezeNs = Math.max(this.longestFreezeNs, System.nanoTime() - this.frozenAt);
	}

	/** The longest this pair stayed frozen between two of its windows, for the log. */
	Duration longestFreeze() {
		return Duration.ofNanos(this.longestFreezeNs);
	}

	/**
	 * Both metrics at one size, nothing recorded: the JIT compiles every path before the
	 * first window.
	 */
	void warmUp(int size) throws InterruptedException {
		this.sender.send("TPUT " + size);
		this.sender.expect("SENDING", STEP_TIMEOUT);
		Thread.sleep(this.config.warmupPassMs());
		this.sender.send("STOP");
		this.sender.expect("STOPPED", STEP_TIMEOUT);
		drain();
		if (this.scenario.roundTrip()) {
			this.sender.send("RTT " + size + " " + this.config.warmupPassMs() + " 0 0");
			this.sender.expect("RTTDONE", STEP_TIMEOUT);
		}
	}

	/**
	 * Messages the last throughput window's sender sent (its warm-up included) that the
	 * receiver never counted: lost (udp drops a datagram that finds the receiver's buffer
	 * full). The window's rate is what the receiver counted, whatever this says.
	 */
	long lastLost() {
		return this.lastLost;
	}

	/**
	 * One throughput window: send until the rate settles, measure one window, stop, drain
	 * the receiver.
	 */
	Sample throughput(int size, int fork, int window, double hopNs) throws InterruptedException {
		long[] pids = { this.receiver.pid(), this.sender.pid() };
		long countedBefore = count()[0];
		this.sender.send("TPUT " + size);
		this.sender.expect("SENDING", STEP_TIMEOUT);
		long[] before = warmUpThroughput();
		CpuSample cpuBefore = CpuSample.take(pids);
		Thread.sleep(this.config.throughputWindowMs());
		long[] after = count();
		CpuSample cpuAfter = CpuSample.take(pids);
		double seconds = (after[2] - before[2]) / 1e9;
		long messages = after[0] - before[0];
		this.sender.send("STOP");
		String[] stopped = this.sender.expect("STOPPED", STEP_TIMEOUT);
		drain();
		this.lastLost = Long.parseLong(stopped[1]) - (count()[0] - countedBefore);
		return new Sample(this.scenario, size, Sample.Metric.THROUGHPUT, fork, window, messages, messages / seconds,
				(after[1] - before[1]) / seconds / 1e6, 0, 0, 0, 0, cpuAfter.since(cpuBefore, this.cpus), hopNs);
	}

	/**
	 * Send for at least the configured warm-up, then on until the rate settles: two
	 * consecutive slices within 15 % of each other (a JIT still compiling, or caches
	 * refilling after a freeze, show as a rising rate), at most 3x the warm-up (on a
	 * shared machine the neighbours' load alone moves the rate by more than that).
	 * Returns the receiver's count at the end.
	 */
	private long[] warmUpThroughput() throws InterruptedException {
		long minimum = this.config.throughputWarmupMs();
		long slice = Math.max(100, minimum / 3);
		long started = System.nanoTime();
		long[] previous = count();
		double previousRate = -1;
		while (true) {
			Thread.sleep(slice); // timing a slice, not waiting for an event
			long[] now = count();
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

	/** One round-trip window, after the configured round-trip warm-up. */
	Sample roundTrip(int size, int fork, int window, double hopNs) throws InterruptedException {
		long[] pids = { this.receiver.pid(), this.sender.pid() };
		this.sender
			.send("RTT " + size + " " + this.config.roundTripWarmupMs() + " " + this.config.roundTripWindowMs() + " 1");
		this.sender.expect("WSTART", STEP_TIMEOUT);
		CpuSample cpuBefore = CpuSample.take(pids);
		String[] end = this.sender.expect("WEND", STEP_TIMEOUT);
		CpuSample cpuAfter = CpuSample.take(pids);
		this.sender.expect("RTTDONE", STEP_TIMEOUT);
		return new Sample(this.scenario, size, Sample.Metric.ROUND_TRIP, fork, window, Long.parseLong(end[2]), 0, 0,
				Long.parseLong(end[3]), Long.parseLong(end[4]), Long.parseLong(end[5]), Long.parseLong(end[6]),
				cpuAfter.since(cpuBefore, this.cpus), hopNs);
	}

	/**
	 * Wait until the receiver has taken in everything sent: a deep buffer (a 16 MiB ring
	 * holds 200 000 small messages) would otherwise be counted against the next window,
	 * and a freeze must find nothing in flight.
	 */
	private void drain() throws InterruptedException {
		long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
		long last = count()[0];
		int unchanged = 0;
		while (unchanged < 2) {
			if (System.nanoTime() > deadline) {
				throw new BenchFailure(
						"receiver still taking in messages " + STEP_TIMEOUT + " after the sender stopped");
			}
			// polling the receiver's count: there is no event for "nothing more in
			// flight"
			Thread.sleep(50);
			long now = count()[0];
			unchanged = (now == last) ? unchanged + 1 : 0;
			last = now;
		}
	}

	/** Messages, bytes and the receiver's clock, read in the receiver. */
	private long[] count() throws InterruptedException {
		this.receiver.send("COUNT");
		String[] words = this.receiver.expect("COUNT", STEP_TIMEOUT);
		return new long[] { Long.parseLong(words[1]), Long.parseLong(words[2]), Long.parseLong(words[3]) };
	}

	/** Stop both JVMs (thawing them first if frozen) and delete the pair's addresses. */
	@Override
	public void close() throws IOException, InterruptedException {
		try {
			// the receiver first, so the sender closes its endpoints against a running
			// peer (Aeron's driver)
			if (this.receiver != null) {
				this.receiver.thawIfFrozen();
			}
			if (this.sender != null) {
				this.sender.thawIfFrozen();
				this.sender.close();
			}
		}
		finally {
			try {
				if (this.receiver != null) {
					this.receiver.close();
				}
			}
			finally {
				deleteRecursively(this.dir);
			}
		}
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
