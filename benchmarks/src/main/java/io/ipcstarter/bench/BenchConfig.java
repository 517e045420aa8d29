package io.ipcstarter.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How long and how often to measure. {@code --quick} (the default) takes about 4 minutes;
 * {@code --full} is for the results file. Any value can be overridden:
 * {@code --forks=N --windows=N --sizes=64,4096
 * --only=REGEX --out=DIR}.
 *
 * @param mode {@code quick} or {@code full}
 * @param forks fresh sender/receiver JVM pairs per scenario
 * @param warmupPassMs per size, one-way and then round trips before anything is measured
 * (JIT-compiles the Spring apps' paths for every size)
 * @param windows measured windows per fork, size and metric
 * @param throughputWarmupMs least sending before the first throughput window; it goes on
 * (up to 3x) until two consecutive slices' rates agree within 15 %
 * @param throughputWindowMs length of a throughput window
 * @param roundTripWarmupMs round trips before the first latency window
 * @param roundTripWindowMs length of a latency window
 * @param sizes message sizes in bytes
 * @param only scenario ids to run
 * @param out where the results go
 */
public record BenchConfig(String mode, int forks, long warmupPassMs, int windows, long throughputWarmupMs,
		long throughputWindowMs, long roundTripWarmupMs, long roundTripWindowMs, List<Integer> sizes, Pattern only,
		Path out) {

	static final List<Integer> SIZES = List.of(64, 4096, 1024 * 1024);

	/**
	 * Quick mode leaves out 1 MiB ({@code --sizes=64,4096,1048576} puts it back): with
	 * every child pre-touching its heap, all three sizes took 197 s with the rows one
	 * after the other (quick mode then took 154 s).
	 */
	static final List<Integer> QUICK_SIZES = List.of(64, 4096);

	/**
	 * JVM options of every child: a fixed heap so runs compare, touched at start-up, and
	 * the opens Aeron/Agrona need on JDK 17. {@code -XX:+AlwaysPreTouch} because the
	 * first write to each 4 KiB page of a fresh heap is a page fault, and on this VM a
	 * fault costs 15-20 µs: a row that allocates per message (ours, Spring's) otherwise
	 * spends its first few hundred MB of allocation, seconds of its measured windows, at
	 * a tenth of its speed (our SPI at 2-3 M msg/s instead of 30-40 M), while rows that
	 * allocate nothing (Aeron, the raw ring) never pay. A service that has run a while
	 * has touched its heap: pre-touching measures that steady state. It costs about 1.4 s
	 * per JVM start.
	 */
	static final List<String> BASE_JVM_ARGS = List.of("-Xms512m", "-Xmx1g", "-XX:+AlwaysPreTouch",
			"--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED", "--add-opens=java.base/java.nio=ALL-UNNAMED",
			"--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");

	/**
	 * Spring Framework 7.0.8 (Boot 4.0.7) hands lazy debug messages to Apache
	 * commons-logging's SLF4J adapter, which renders them even when debug is off
	 * (spring-framework#37266): a void service activator then formats every message it
	 * handles into a string nobody reads. Routing commons-logging through log4j-api (on
	 * the class path via Boot's log4j-to-slf4j) checks the level first. Applied unless
	 * {@code --no-log-workaround}.
	 */
	static final String LOG_WORKAROUND = "-Dorg.apache.commons.logging.LogFactory="
			+ "org.apache.commons.logging.impl.Log4jApiLogFactory";

	/** The child JVM options of this run. */
	static List<String> childJvmArgs = withWorkaround(true);

	private static List<String> withWorkaround(boolean on) {
		List<String> args = new java.util.ArrayList<>(BASE_JVM_ARGS);
		if (on) {
			args.add(LOG_WORKAROUND);
		}
		return List.copyOf(args);
	}

	static BenchConfig parse(String... argv) {
		List<String> args = Arrays.asList(argv);
		boolean full = args.contains("--full");
		BenchConfig c = full
				? new BenchConfig("full", 3, 3000, 3, 2000, 1000, 1500, 1000, SIZES, Pattern.compile(".*"),
						Path.of("results"))
				: new BenchConfig("quick", 1, 400, 3, 200, 150, 150, 150, QUICK_SIZES, Pattern.compile(".*"),
						Path.of("target", "bench-quick"));
		for (String arg : args) {
			String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : "";
			if (arg.startsWith("--forks=")) {
				c = new BenchConfig(c.mode, Integer.parseInt(value), c.warmupPassMs, c.windows, c.throughputWarmupMs,
						c.throughputWindowMs, c.roundTripWarmupMs, c.roundTripWindowMs, c.sizes, c.only, c.out);
			}
			else if (arg.startsWith("--windows=")) {
				c = new BenchConfig(c.mode, c.forks, c.warmupPassMs, Integer.parseInt(value), c.throughputWarmupMs,
						c.throughputWindowMs, c.roundTripWarmupMs, c.roundTripWindowMs, c.sizes, c.only, c.out);
			}
			else if (arg.startsWith("--sizes=")) {
				List<Integer> sizes = Arrays.stream(value.split(",")).map(Integer::valueOf).toList();
				c = new BenchConfig(c.mode, c.forks, c.warmupPassMs, c.windows, c.throughputWarmupMs,
						c.throughputWindowMs, c.roundTripWarmupMs, c.roundTripWindowMs, sizes, c.only, c.out);
			}
			else if (arg.startsWith("--only=")) {
				c = new BenchConfig(c.mode, c.forks, c.warmupPassMs, c.windows, c.throughputWarmupMs,
						c.throughputWindowMs, c.roundTripWarmupMs, c.roundTripWindowMs, c.sizes, Pattern.compile(value),
						c.out);
			}
			else if (arg.startsWith("--out=")) {
				c = new BenchConfig(c.mode, c.forks, c.warmupPassMs, c.windows, c.throughputWarmupMs,
						c.throughputWindowMs, c.roundTripWarmupMs, c.roundTripWindowMs, c.sizes, c.only,
						Path.of(value));
			}
			else if (arg.equals("--no-log-workaround")) {
				childJvmArgs = withWorkaround(false);
			}
			else if (!arg.equals("--full") && !arg.equals("--quick")) {
				throw new IllegalArgumentException("Unknown option " + arg
						+ "; use --quick|--full [--forks=N] [--windows=N] [--sizes=64,4096] [--only=REGEX] [--out=DIR] [--no-log-workaround]");
			}
		}
		return c;
	}

	/** A one-line description for the report. */
	String describe() {
		return this.mode + ": " + this.forks + " fork(s) x " + this.windows + " window(s) per cell; warm-up pass "
				+ this.warmupPassMs + " ms per size and metric; throughput " + this.throughputWarmupMs
				+ " ms warm-up + " + this.throughputWindowMs + " ms windows; round trip " + this.roundTripWarmupMs
				+ " ms warm-up + " + this.roundTripWindowMs + " ms windows";
	}

}
