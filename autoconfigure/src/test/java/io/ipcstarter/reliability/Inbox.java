package io.ipcstarter.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.BadInputLog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A running {@link InboxApplication} (its own JVM) and what it printed: the messages its
 * handler got, the errors by reason, and its log lines (every other line of its output).
 */
final class Inbox implements AutoCloseable {

	static final Duration WAIT = Duration.ofSeconds(120);

	private final PeerProcess process;

	private final String address;

	/** What it logged while it started (not the endpoint's doing). */
	private final int startupLogLines;

	private List<String> baselineThreads = List.of();

	private Inbox(PeerProcess process) throws InterruptedException {
		this.process = process;
		// not await("READY"): a restarted receiver may report messages before it
		this.address = process.awaitLine(PeerProcess.SAID + "READY ", WAIT)
			.substring((PeerProcess.SAID + "READY ").length());
		this.startupLogLines = count((l) -> !l.startsWith(PeerProcess.SAID));
	}

	/**
	 * Start an inbox whose endpoint {@code in} has the given transport and address, and
	 * further properties of that endpoint ({@code key=value}, relative to
	 * {@code ipc.endpoints.in.}, e.g. {@code headers=json}).
	 */
	static Inbox start(String transport, String address, String... endpointProperties) throws Exception {
		List<String> args = new ArrayList<>(
				List.of("--ipc.endpoints.in.transport=" + transport, "--ipc.endpoints.in.role=inbound",
						"--ipc.endpoints.in.address=" + address, "--ipc.endpoints.in.channel=in"));
		for (String property : endpointProperties) {
			args.add(property.startsWith("inbox.") ? "--" + property : "--ipc.endpoints.in." + property);
		}
		return new Inbox(PeerProcess.java(InboxApplication.class, args.toArray(String[]::new)));
	}

	String address() {
		return this.address;
	}

	PeerProcess process() {
		return this.process;
	}

	ProcessStats stats() throws java.io.IOException {
		return ProcessStats.of(this.process.pid());
	}

	/** Stats before a run, remembering its threads' names too. */
	ProcessStats baseline() throws java.io.IOException {
		this.baselineThreads = threadNames();
		return stats();
	}

	/** Threads now that were not there at the {@link #baseline()}, by name. */
	List<String> extraThreads() {
		List<String> extra = new ArrayList<>(threadNames());
		this.baselineThreads.forEach(extra::remove);
		return extra;
	}

	/** The payloads handled, in order. */
	List<String> received() {
		return said("R ");
	}

	int receivedCount() {
		return count((l) -> l.startsWith(PeerProcess.SAID + "R "));
	}

	int errorCount() {
		return count((l) -> l.startsWith(PeerProcess.SAID + "E "));
	}

	Map<String, Integer> errorsByReason() {
		Map<String, Integer> errors = new TreeMap<>();
		said("E ").forEach((reason) -> errors.merge(reason, 1, Integer::sum));
		return errors;
	}

	/**
	 * Lines of the application's log since it started (everything it printed but its own
	 * reports).
	 */
	int logLines() {
		return count((l) -> !l.startsWith(PeerProcess.SAID)) - this.startupLogLines;
	}

	/** Log lines that belong to a stack trace. */
	int stackTraceLines() {
		return count((l) -> l.startsWith("\tat ") || l.startsWith("Caused by:"));
	}

	/**
	 * Wait until at least {@code good} messages and {@code errors} errors were reported.
	 * @return whether they were within {@code timeout}
	 */
	boolean awaitCounts(int good, int errors, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (receivedCount() < good || errorCount() < errors) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			sleep(1);
		}
		return true;
	}

	/**
	 * Wait until the handler has got nothing new for {@code quiet} (the inbox is
	 * drained).
	 */
	void awaitQuiet(Duration quiet) {
		int[] last = { -1 };
		await().atMost(WAIT).pollInterval(quiet).until(() -> {
			int now = receivedCount() + errorCount();
			boolean still = now == last[0];
			last[0] = now;
			return still;
		});
	}

	/**
	 * Stats once the endpoint's threads and descriptors are back to {@code before} (plus
	 * a little), or after 15 s (full: 90 s; an idle reader thread of the endpoint's own
	 * pool lives 5 s); the caller asserts, with the figures.
	 */
	ProcessStats settled(ProcessStats before) {
		ProcessStats[] last = new ProcessStats[1];
		try {
			await().atMost(Duration.ofSeconds(Reliability.scale(15, 90)))
				.pollInterval(Duration.ofMillis(500))
				.until(() -> {
					last[0] = stats();
					return last[0].threads() <= before.threads() + 2 && last[0].fds() <= before.fds() + 2;
				});
		}
		catch (ConditionTimeoutException ex) {
			// asserted by the caller, with the figures
		}
		return last[0];
	}

	/**
	 * Report a storm's figures and check them: every good message once, every hostile
	 * input counted with one of {@code reasons}, no stack trace, a bounded log, threads
	 * and descriptors back to {@code before}.
	 */
	void checkStorm(String transport, ProcessStats before, long start, int hostile, int good, Set<String> reasons) {
		awaitQuiet(Duration.ofMillis(500));
		long millis = (System.nanoTime() - start) / 1_000_000;
		long settling = System.nanoTime();
		ProcessStats after = settled(before);
		settling = (System.nanoTime() - settling) / 1_000_000;
		Map<String, Integer> errors = errorsByReason();
		Set<String> distinct = new HashSet<>(received());
		Reliability.report("storm " + transport + ": " + hostile + " hostile, " + good + " good in " + millis
				+ " ms: good delivered " + receivedCount() + " (" + distinct.size() + " distinct), errors " + errors
				+ ", log " + logLines() + " lines (" + stackTraceLines() + " of stack traces); receiver " + before
				+ " before, " + after + " " + settling + " ms after"
				+ (extraThreads().isEmpty() ? "" : " (more threads: " + extraThreads() + ")"));
		assertThat(distinct).as("every good message, once").hasSize(good);
		assertThat(receivedCount()).isEqualTo(good);
		assertThat(errors.keySet()).as("every hostile input is bad input").isSubsetOf(reasons);
		assertThat(errors.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(hostile);
		assertThat(stackTraceLines()).as("no stack trace for bad input").isZero();
		assertThat(logLines()).as("log bounded: the first few, then a summary a minute")
			.isLessThanOrEqualTo(logBound(millis));
		assertThat(after.threads()).as("threads back: " + extraThreads()).isLessThanOrEqualTo(before.threads() + 2);
		assertThat(after.fds()).as("descriptors back").isLessThanOrEqualTo(before.fds() + 2);
	}

	/**
	 * Most log lines a run of {@code millis} may write: the first
	 * {@value BadInputLog#SHOWN} reports, one summary a minute, the one at the stop, and
	 * a few to spare.
	 */
	static int logBound(long millis) {
		return BadInputLog.SHOWN + (int) (millis / 60_000) + 5;
	}

	/** The names of the process's threads, sorted, from {@code /proc}. */
	List<String> threadNames() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(this.process.pid()), "task"))) {
			return tasks.map((task) -> {
				try {
					return Files.readString(task.resolve("comm")).trim();
				}
				catch (IOException ex) {
					return "(gone)";
				}
			}).sorted().toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	void kill() throws InterruptedException {
		this.process.kill();
	}

	@Override
	public void close() throws InterruptedException {
		this.process.close();
	}

	private List<String> said(String prefix) {
		String start = PeerProcess.SAID + prefix;
		List<String> out = new ArrayList<>();
		for (String line : this.process.linesSoFar()) {
			if (line.startsWith(start)) {
				out.add(line.substring(start.length()));
			}
		}
		return out;
	}

	private int count(Predicate<String> matching) {
		return (int) this.process.linesSoFar().stream().filter(matching).count();
	}

	static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
