package io.ipcstarter.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.fail;

/**
 * A peer in another process, for cross-process tests: a second JVM on the test class path
 * ({@link #java}), a python3 script from the test resources ({@link #python}) or inline
 * ({@link #pythonCode}), or any command ({@link #command}). Its standard output is read
 * on a thread of its own as lines the test takes with bounded waits; its standard error
 * is passed on to the test's and kept for failure messages. Every wait is bounded, and a
 * wait that fails says what the peer printed. {@link #close()} ends the peer and every
 * process it started; peers a test forgot are killed when the test JVM exits.
 * <p>
 * Python peers run with {@code PYTHONPATH} set to the {@code peers} folder of the test
 * resources, so they (and inline code) can {@code import ipcframing}, the one
 * implementation of the wire formats on the python side.
 */
public final class PeerProcess implements AutoCloseable {

	/** What a peer prints before each line a test waits for with {@link #await}. */
	public static final String SAID = "PEER:";

	private static final Set<PeerProcess> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime()
			.addShutdownHook(new Thread(() -> running.forEach(PeerProcess::destroyTree), "peer-process-reaper"));
	}

	private final Process process;

	private final String name;

	/** When the peer started, as the OS says; empty when it could not tell. */
	private final Optional<Instant> startedAt;

	private final StringBuilder stdout = new StringBuilder();

	private final List<String> printed = new ArrayList<>();

	private final BlockingQueue<String> untaken = new LinkedBlockingQueue<>();

	private final StringBuilder stderr = new StringBuilder();

	private final Thread stdoutPump;

	private final Thread stderrPump;

	private volatile boolean ended;

	private PeerProcess(ProcessBuilder builder, String name) throws IOException {
		this.process = builder.start();
		this.name = name;
		this.startedAt = this.process.info().startInstant();
		running.add(this);
		this.stdoutPump = pump(this.process.getInputStream(), "stdout", this::stdoutLine, this.stdout);
		this.stderrPump = pump(this.process.getErrorStream(), "stderr", this::stderrLine, this.stderr);
	}

	// ---- starting
	// ---------------------------------------------------------------------------------------------------

	/**
	 * A JVM running {@code main} with the test class path, the given arguments and a
	 * small, fast-starting heap.
	 */
	public static PeerProcess java(Class<?> main, String... args) throws IOException {
		return new PeerProcess(new ProcessBuilder(javaCommand(main, args)), main.getSimpleName());
	}

	/**
	 * The command line {@link #java} runs, for a peer that starts the JVM itself (a
	 * python parent of a {@code stdio} child).
	 */
	public static List<String> javaCommand(Class<?> main, String... args) {
		// java.exe, never bare "java" on Windows: under Wine, bin/ also holds the Unix
		// launcher script named java, which CreateProcess would start as a Unix program
		// without a process handle; the JDK then closes both ends of the child's
		// stdin/stdout pipes but keeps the stale handle values in the streams, and their
		// cleaner later closes whatever handle has that value by then (a named-pipe test
		// failed with error 6 that way)
		boolean windows = System.getProperty("os.name").startsWith("Windows");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java").toString());
		command.add("-Xmx256m");
		if (windows) {
			// JNA's native library from a directory, not unpacked to a temporary file:
			// the
			// temporary file's random name seeds SecureRandom, whose seeding lists the
			// network adapters, and Wine's GetAdaptersAddresses now and then fails (error
			// 3), which killed peer JVMs at start (one CI run lost ten tests so)
			command.add("-Djna.boot.library.path=" + JnaDispatchLibrary.DIRECTORY);
		}
		// starts faster; a peer runs for seconds
		command.add("-XX:TieredStopAtLevel=1");
		// the JaCoCo agent measuring the tests (mvn verify) measures the peer too, so the
		// coverage report counts the paths only a second process runs (a reader that
		// recovers a killed reader's claims); agents append to one file under a lock
		ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((arg) -> arg.startsWith("-javaagent:") && arg.contains("jacoco"))
			.forEach(command::add);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * python3 running a script of the test resources: a bare file name is one in
	 * {@code peers/}, a name starting with {@code /} a class path resource anywhere (e.g.
	 * beside a test class).
	 */
	public static PeerProcess python(String script, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("python3", "-u", path(resource(script)).toString()));
		command.addAll(List.of(args));
		return new PeerProcess(python(command), script);
	}

	/**
	 * python3 running a script of the test resources in the package of {@code besides}
	 * (next to its tests).
	 */
	public static PeerProcess python(Class<?> besides, String script, String... args) throws IOException {
		return python("/" + besides.getPackageName().replace('.', '/') + "/" + script, args);
	}

	/**
	 * python3 running {@code code} ({@code python3 -c}); {@code sys.argv[1:]} are the
	 * arguments.
	 */
	public static PeerProcess pythonCode(String code, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("python3", "-u", "-c", code));
		command.addAll(List.of(args));
		return new PeerProcess(python(command), "python3 -c");
	}

	/** Any command (a shell, a built C program, {@code mkfifo}...). */
	public static PeerProcess command(String... command) throws IOException {
		return command(List.of(command));
	}

	/** Any command (a shell, a built C program, {@code mkfifo}...). */
	public static PeerProcess command(List<String> command) throws IOException {
		return new PeerProcess(new ProcessBuilder(command), command.get(0));
	}

	/**
	 * Run a command to its end (60 s at most), failing unless it exits with 0; its
	 * standard output.
	 */
	public static String run(String... command) throws Exception {
		try (PeerProcess peer = command(command)) {
			return peer.awaitOutput(Duration.ofSeconds(60));
		}
	}

	/**
	 * Run a python script of the test resources (see {@link #python}) to its end, as
	 * {@link #run} does.
	 */
	public static String runPython(String script, String... args) throws Exception {
		try (PeerProcess peer = python(script, args)) {
			return peer.awaitOutput(Duration.ofSeconds(60));
		}
	}

	/** Run python code (see {@link #pythonCode}) to its end, as {@link #run} does. */
	public static String runPythonCode(String code, String... args) throws Exception {
		try (PeerProcess peer = pythonCode(code, args)) {
			return peer.awaitOutput(Duration.ofSeconds(60));
		}
	}

	/**
	 * The folder of the python peers and of {@code ipcframing.py}, on the test class
	 * path.
	 */
	public static Path pythonPeers() {
		return path(resource("ipcframing.py")).getParent();
	}

	private static ProcessBuilder python(List<String> command) {
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("PYTHONPATH", pythonPeers().toString());
		// no __pycache__ among the test classes
		builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		return builder;
	}

	private static URL resource(String script) {
		String name = script.startsWith("/") ? script : "/peers/" + script;
		URL url = PeerProcess.class.getResource(name);
		if (url == null) {
			throw new IllegalArgumentException("No test resource " + name);
		}
		return url;
	}

	private static Path path(URL url) {
		try {
			return Path.of(url.toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	// ---- output
	// -----------------------------------------------------------------------------------------------------

	private Thread pump(InputStream in, String stream, LineSink sink, StringBuilder all) {
		Thread thread = new Thread(() -> {
			try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
				StringBuilder line = new StringBuilder();
				char[] buffer = new char[8192];
				int n;
				while ((n = reader.read(buffer)) != -1) {
					synchronized (all) {
						all.append(buffer, 0, n);
					}
					for (int i = 0; i < n; i++) {
						if (buffer[i] == '\n') {
							int end = line.length();
							sink.line(line.substring(0, (end > 0 && line.charAt(end - 1) == '\r') ? end - 1 : end));
							line.setLength(0);
						}
						else {
							line.append(buffer[i]);
						}
					}
				}
				if (!line.isEmpty()) {
					sink.line(line.toString());
				}
			}
			catch (IOException ex) {
				// the process is gone: what it printed so far is what it said
			}
		}, "peer-" + stream + "-" + this.process.pid());
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private void stdoutLine(String line) {
		synchronized (this.printed) {
			this.printed.add(line);
		}
		this.untaken.add(line);
	}

	private void stderrLine(String line) {
		// surefire keeps it with the test's output
		System.err.println("[" + this.name + " " + this.process.pid() + "] " + line);
	}

	/**
	 * The next line of standard output not taken yet; fails when none comes within
	 * {@code timeout}.
	 */
	public String nextLine(Duration timeout) throws InterruptedException {
		return awaitLine((line) -> true, "a line", timeout);
	}

	/**
	 * The next line starting with {@code prefix}, skipping others; fails when none comes
	 * within {@code timeout}.
	 */
	public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
		return awaitLine((line) -> line.startsWith(prefix), "a line starting with '" + prefix + "'", timeout);
	}

	/**
	 * Wait for a line equal to {@code line}, skipping other lines; fails when none comes
	 * within {@code timeout}.
	 */
	public void awaitLineEqualTo(String line, Duration timeout) throws InterruptedException {
		awaitLine(line::equals, "'" + line + "'", timeout);
	}

	/**
	 * The next line that matches, skipping other lines; fails when none comes within
	 * {@code timeout}.
	 */
	public String awaitLine(Predicate<String> matching, String description, Duration timeout)
			throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.untaken.poll(Math.min(100, Math.max(0, deadline - System.nanoTime()) / 1_000_000),
					TimeUnit.MILLISECONDS);
			if (line != null) {
				if (matching.test(line)) {
					return line;
				}
				continue;
			}
			if (outputEnded() && this.untaken.isEmpty()) {
				fail("Peer ended (" + exitStatus() + ") before printing " + description + "\n" + output());
			}
			if (System.nanoTime() - deadline > 0) {
				fail("Peer did not print " + description + " within " + timeout + "\n" + output());
			}
		}
	}

	/**
	 * The rest of the next {@value #SAID} line, which must go on with {@code word}; other
	 * lines are skipped. Fails the test with the peer's output when another
	 * {@value #SAID} line, no line, or the peer's end comes first.
	 */
	public String await(String word, Duration timeout) throws InterruptedException {
		String said = awaitLine(SAID, timeout).substring(SAID.length());
		if (said.equals(word) || said.startsWith(word + " ")) {
			return said.substring(word.length()).trim();
		}
		return fail("Peer said '" + said + "' while the test waited for " + word + "\n" + output());
	}

	/**
	 * Every line the peer printed, taken or not, once its output has ended (bounded by
	 * {@code timeout}).
	 */
	public List<String> allLines(Duration timeout) throws InterruptedException {
		this.stdoutPump.join(timeout.toMillis());
		if (this.stdoutPump.isAlive()) {
			fail("Peer output did not end within " + timeout + "\n" + output());
		}
		return linesSoFar();
	}

	/** Every line the peer printed so far, taken or not (without waiting). */
	public List<String> linesSoFar() {
		synchronized (this.printed) {
			return List.copyOf(this.printed);
		}
	}

	/**
	 * Wait for the peer to exit (bounded); fails unless it exits with 0; everything it
	 * printed on standard output.
	 */
	public String awaitOutput(Duration timeout) throws InterruptedException {
		int exit = awaitExit(timeout);
		if (exit != 0) {
			fail("Peer exited with " + exit + "\n" + output());
		}
		synchronized (this.stdout) {
			return this.stdout.toString();
		}
	}

	/** What the peer wrote on standard error so far. */
	public String errorOutput() {
		synchronized (this.stderr) {
			return this.stderr.toString();
		}
	}

	/** What the peer printed last on both outputs, for failure messages. */
	public String output() {
		List<String> lines = linesSoFar();
		String err = errorOutput();
		return "--- " + this.process.info().commandLine().orElse(this.name) + " (" + exitStatus() + ") ---\n"
				+ "--- stdout (last lines) ---\n"
				+ String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))
				+ "\n--- stderr (end) ---\n" + err.substring(Math.max(0, err.length() - 4000));
	}

	private boolean outputEnded() {
		return !this.stdoutPump.isAlive();
	}

	private String exitStatus() {
		return this.process.isAlive() ? "running" : "exit " + this.process.exitValue();
	}

	// ---- input and life
	// ---------------------------------------------------------------------------------------------

	/** Write a line to the peer's standard input. */
	public void tell(String line) throws IOException {
		OutputStream in = this.process.getOutputStream();
		in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
	}

	/** The peer's standard input, for bytes rather than lines. */
	public OutputStream input() {
		return this.process.getOutputStream();
	}

	/** Close the peer's standard input (a peer serving it then ends). */
	public void closeInput() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already gone
		}
	}

	/**
	 * Wait for the peer to exit by itself (bounded), then for the rest of its output; its
	 * exit status. Fails with the peer's output when it is still running after
	 * {@code timeout}.
	 */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			fail("Peer still running after " + timeout + "\n" + output());
		}
		drainOutput();
		return this.process.exitValue();
	}

	/**
	 * Kill the peer and what it started at once, as a crash would (SIGKILL), and wait
	 * (bounded) until it is gone.
	 */
	public void kill() throws InterruptedException {
		destroyTree();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			fail("Peer " + this.process.pid() + " still runs 30 s after kill -9");
		}
		// what the peer wrote before it died may still be in the pipe: read it all before
		// anyone looks at its lines
		drainOutput();
	}

	private void drainOutput() throws InterruptedException {
		this.stdoutPump.join(30_000);
		this.stderrPump.join(30_000);
		if (this.stdoutPump.isAlive() || this.stderrPump.isAlive()) {
			// a grandchild still holds the pipe: its output is not the peer's
			return;
		}
		running.remove(this);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	/** The peer's process, for what this class does not offer. */
	public ProcessHandle handle() {
		return this.process.toHandle();
	}

	/**
	 * End the peer: close its standard input (a serving peer then exits), give it a
	 * moment to do so, then kill it and every process it started.
	 */
	@Override
	public void close() throws InterruptedException {
		if (this.ended) {
			return;
		}
		this.ended = true;
		// taken now: once the peer is gone, what it started is no longer its descendants
		List<ProcessHandle> started = descendants();
		closeInput();
		if (!this.process.waitFor(1, TimeUnit.SECONDS)) {
			destroyTree();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		started.forEach(ProcessHandle::destroyForcibly);
		running.remove(this);
	}

	private void destroyTree() {
		// the children first: once the peer is gone they are no longer its descendants
		descendants().forEach(ProcessHandle::destroyForcibly);
		// through the handle, never Process.destroyForcibly(): on Unix that also closes
		// our end of the peer's stdout and stderr, dropping what it printed but the pump
		// had not read yet (the crash tests then counted the last messages a killed
		// receiver handled as lost, and a killed sender's last returned sends as never
		// returned); the pumps read to the end of the pipes by themselves
		this.process.toHandle().destroyForcibly();
	}

	/**
	 * The processes the peer started: its descendants that started no earlier than it.
	 * The JDK's {@code descendants()} of a peer that has exited are every process whose
	 * parent id is the peer's old pid, however old; Wine hands a freed id out again after
	 * a few hundred others, and its {@code services.exe} (parent of {@code rpcss.exe},
	 * {@code plugplay.exe}, {@code svchost.exe}...) has the id of the long-gone
	 * {@code wineboot} as its parent's. A short-lived peer that drew that id took Wine's
	 * services with it when it was closed, and the later COM tests found no RPC service
	 * (0x800706BA). Real Windows reuses ids too.
	 */
	private List<ProcessHandle> descendants() {
		List<ProcessHandle> all = this.process.descendants().toList();
		if (this.startedAt.isEmpty()) {
			return all;
		}
		Instant peer = this.startedAt.get();
		return all.stream()
			.filter((p) -> p.info().startInstant().map((started) -> !started.isBefore(peer)).orElse(false))
			.toList();
	}

	@FunctionalInterface
	private interface LineSink {

		void line(String line);

	}

	/**
	 * JNA's native library for Windows x86-64, copied once from the JNA jar into a
	 * directory of this JVM's own, for the peers to load from (Windows only).
	 */
	private static final class JnaDispatchLibrary {

		static final String DIRECTORY = unpack();

		private static String unpack() {
			Path directory = Path.of(System.getProperty("java.io.tmpdir"),
					"ipc-test-jna-" + ProcessHandle.current().pid());
			try (InputStream dll = PeerProcess.class.getClassLoader()
				.getResourceAsStream("com/sun/jna/win32-x86-64/jnidispatch.dll")) {
				if (dll == null) {
					throw new IllegalStateException("No jnidispatch.dll for win32-x86-64 in the JNA jar");
				}
				Files.createDirectories(directory);
				Files.copy(dll, directory.resolve("jnidispatch.dll"), StandardCopyOption.REPLACE_EXISTING);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return directory.toString();
		}

	}

}
