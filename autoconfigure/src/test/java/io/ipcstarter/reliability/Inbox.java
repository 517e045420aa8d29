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

	/** The application's process: {@link #process}, or a child it started. */
	private final long pid;

	private final String address;

	/**
	 * Whether its log goes on to the stderr of {@link #process} once it started (a
	 * {@code stdio} application moves it there).
	 */
	private final boolean logOnStderr;

	/** What it logged while it started (not the endpoint's doing). */
	private final int startupLogLines;

	/** What it logged on stderr while it started, with {@link #logOnStderr}. */
	private final long startupStderrLines;

	private List<String> baselineThreads = List.of();

	private Inbox(PeerProcess process, long pid, boolean logOnStderr) throws InterruptedException {
		this.process = process;
		this.pid = pid;
		this.logOnStderr = logOnStderr;
		// not await("READY"): a restarted receiver may report messages before it
		this.address = process.awaitLine(PeerProcess.SAID + "READY ", WAIT)
			.substring((PeerProcess.SAID + "READY ").length());
		this.startupLogLines = count((l) -> !l.startsWith(PeerProcess.SAID));
		this.startupStderrLines = process.errorOutput().lines().count();
	}

	/**
	 * Start an inbox whose endpoint {@code in} has the given transport and address, and
	 * further properties of that endpoint ({@code key=value}, relative to
	 * {@code ipc.endpoints.in.}, e.g. {@code headers=json}); a property starting
	 * {@code inbox.} or {@code ipc.} is passed as it is (e.g. a second endpoint on
	 * channel {@code in}).
	 */
	static Inbox start(String transport, String address, String... endpointProperties) throws Exception {
		PeerProcess process = PeerProcess.java(InboxApplication.class,
				arguments(transport, address, endpointProperties));
		return new Inbox(process, process.pid(), false);
	}

	/**
	 * The command line of an inbox as {@link #start} makes it, for a peer that starts it
	 * as its child (a {@code stdio} application's parent).
	 */
	static List<String> command(String transport, String address, String... endpointProperties) {
		return PeerProcess.javaCommand(InboxApplication.class, arguments(transport, address, endpointProperties));
	}

	/**
	 * The {@code stdio} inbox a peer started as its child with {@link #command}, its
	 * stdout going to the peer's stdout and its stderr (where its log goes once the
	 * endpoint started) to the peer's stderr, once the peer said
	 * {@code PEER:CHILD <pid>}.
	 */
	static Inbox startedBy(PeerProcess parent) throws InterruptedException {
		return new Inbox(parent, childOf(parent), true);
	}

	/**
	 * The {@code stdio} inbox a peer started as its child, whose stdout is read by
	 * {@code output} (e.g. {@code tail -F} of a file): the JDK stops reading a peer's
	 * stdout when the peer exits, so a child that outlives its parent must write
	 * elsewhere.
	 */
	static Inbox startedBy(PeerProcess parent, PeerProcess output) throws InterruptedException {
		return new Inbox(output, childOf(parent), false);
	}

	private static long childOf(PeerProcess parent) throws InterruptedException {
		String child = parent.awaitLine(PeerProcess.SAID + "CHILD ", WAIT);
		return Long.parseLong(child.substring((PeerProcess.SAID + "CHILD ").length()));
	}

	/**
	 * Start a caller: an application whose endpoint {@code out} (role
	 * {@code outbound-gateway} unless a {@code role=} property says otherwise) sends one
	 * request per line {@link PeerProcess#tell told} (see {@link InboxApplication}).
	 */
	static Inbox startCaller(String transport, String address, String... endpointProperties) throws Exception {
		PeerProcess process = PeerProcess.java(InboxApplication.class,
				arguments("out", "outbound-gateway", transport, address, endpointProperties));
		return new Inbox(process, process.pid(), false);
	}

	/**
	 * The path of python3 itself, for a child's command line: not a shim script (pyenv's
	 * take a second per start on a loaded machine, and a gateway's first request to a new
	 * child waits for its start).
	 */
	static String python() throws Exception {
		return PeerProcess.runPythonCode("import sys; print(sys.executable)").trim();
	}

	/** The command line of a caller as {@link #startCaller} makes it. */
	static List<String> callerCommand(String transport, String address, String... endpointProperties) {
		return PeerProcess.javaCommand(InboxApplication.class,
				arguments("out", "outbound-gateway", transport, address, endpointProperties));
	}

	private static String[] arguments(String transport, String address, String... endpointProperties) {
		return arguments("in", "inbound", transport, address, endpointProperties);
	}

	/**
	 * Command-line properties of endpoint {@code name}; a {@code role=} among them wins.
	 */
	private static String[] arguments(String name, String role, String transport, String address,
			String... endpointProperties) {
		String prefix = "--ipc.endpoints." + name + ".";
		List<String> args = new ArrayList<>(
				List.of(prefix + "transport=" + transport, prefix + "address=" + address, prefix + "channel=" + name));
		if (Stream.of(endpointProperties).noneMatch((p) -> p.startsWith("role="))) {
			args.add(prefix + "role=" + role);
		}
		for (String property : endpointProperties) {
			// inbox.* and ipc.* (another endpoint of the same application) as they are
			args.add((property.startsWith("inbox.") || property.startsWith("ipc.")) ? "--" + property
					: prefix + property);
		}
		return args.toArray(String[]::new);
	}

	String address() {
		return this.address;
	}

	PeerProcess process() {
		return this.process;
	}

	/** The application's process id. */
	long pid() {
		return this.pid;
	}

	ProcessStats stats() throws java.io.IOException {
		return ProcessStats.of(this.pid);
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
		return log().size();
	}

	/** Log lines since start-up that belong to a stack trace. */
	int stackTraceLines() {
		return (int) log().stream().filter(Inbox::isStackTrace).count();
	}

	/** The application's log since it started. */
	private List<String> log() {
		List<String> log = new ArrayList<>();
		int skip = this.startupLogLines;
		for (String line : this.process.linesSoFar()) {
			if (!line.startsWith(PeerProcess.SAID) && skip-- <= 0) {
				log.add(line);
			}
		}
		if (this.logOnStderr) {
			this.process.errorOutput().lines().skip(this.startupStderrLines).forEach(log::add);
		}
		return log;
	}

	private static boolean isStackTrace(String line) {
		return line.startsWith("\tat ") || line.startsWith("Caused by:") || line.startsWith("\t... ");
	}

	/**
	 * Log lines since start-up but those of the reports whose first line matches
	 * {@code head} (that line, the stack trace under it and a blank line after).
	 */
	List<String> logBut(Predicate<String> head) {
		List<String> rest = new ArrayList<>();
		boolean matching = false;
		for (String line : log()) {
			// a report's blank line after its trace is still the report's
			if (!isStackTrace(line) && !line.isBlank()) {
				matching = head.test(line);
			}
			if (!matching) {
				rest.add(line);
			}
		}
		return rest;
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
		checkStorm(transport, before, start, hostile, good, reasons, Events.NONE);
	}

	/**
	 * {@link #checkStorm(String, ProcessStats, long, int, int, Set) Check a storm} during
	 * which the endpoint also reported {@code events} that are no bad input (a child
	 * process's exit): each counted with its reason, and logged once, with a stack trace,
	 * by Spring Integration's error logger; the log bound and "no stack trace" apply to
	 * the rest.
	 */
	void checkStorm(String transport, ProcessStats before, long start, int hostile, int good, Set<String> reasons,
			Events events) {
		awaitQuiet(Duration.ofMillis(500));
		long millis = (System.nanoTime() - start) / 1_000_000;
		long settling = System.nanoTime();
		ProcessStats after = settled(before);
		settling = (System.nanoTime() - settling) / 1_000_000;
		Map<String, Integer> errors = errorsByReason();
		Set<String> distinct = new HashSet<>(received());
		List<String> otherLog = logBut(events.logHead());
		int otherTraces = (int) otherLog.stream().filter(Inbox::isStackTrace).count();
		Reliability
			.report("storm " + transport + ": " + hostile + " hostile, " + good + " good in " + millis
					+ " ms: good delivered " + receivedCount() + " (" + distinct.size() + " distinct), errors " + errors
					+ ", log " + logLines() + " lines (" + stackTraceLines() + " of stack traces"
					+ ((events.count() > 0)
							? "; " + (logLines() - otherLog.size()) + " lines, " + (stackTraceLines() - otherTraces)
									+ " of traces, report the " + events.count() + " " + events.reason() + " events"
							: "")
					+ "); receiver " + before + " before, " + after + " " + settling + " ms after"
					+ (extraThreads().isEmpty() ? "" : " (more threads: " + extraThreads() + ")"));
		assertThat(distinct).as("every good message, once").hasSize(good);
		assertThat(receivedCount()).isEqualTo(good);
		Map<String, Integer> bad = new TreeMap<>(errors);
		if (events.count() > 0) {
			assertThat(bad.remove(events.reason())).as(events.reason() + " events").isEqualTo(events.count());
		}
		assertThat(bad.keySet()).as("every hostile input is bad input").isSubsetOf(reasons);
		assertThat(bad.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(hostile);
		assertThat(otherTraces).as("no stack trace for bad input: " + otherLog).isZero();
		assertThat(otherLog.size()).as("log bounded: the first few, then a summary a minute: " + otherLog)
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

	/**
	 * Errors a storm makes the endpoint report that are no bad input: {@code count} of
	 * {@code reason}, each logged as a report whose first line matches {@code logHead}.
	 */
	record Events(String reason, int count, Predicate<String> logHead) {

		static final Events NONE = new Events("", 0, (line) -> false);

	}

	/** The names of the process's threads, sorted, from {@code /proc}. */
	List<String> threadNames() {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(this.pid), "task"))) {
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

	/** What it said after {@code PEER:<prefix>}, in order. */
	List<String> said(String prefix) {
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
