package io.ipcstarter.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One child JVM running {@link ChildMain}: commands go to its stdin, its {@code @@}
 * answers come back through a queue, everything else it prints goes to its log file.
 */
final class ChildProcess implements AutoCloseable {

	private final Process process;

	private final PrintWriter commands;

	private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

	private final String name;

	private boolean frozen;

	private ChildProcess(Process process, String name, Path log) throws IOException {
		this.process = process;
		this.name = name;
		this.commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
		PrintWriter logWriter = new PrintWriter(java.nio.file.Files.newBufferedWriter(log), true);
		Thread pump = new Thread(() -> pump(logWriter), "pump-" + name);
		pump.setDaemon(true);
		pump.start();
	}

	static ChildProcess start(String role, Scenario scenario, Args args, List<String> jvmArgs, Path logDir)
			throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmArgs);
		// extra options for one role, e.g. a profiler: BENCH_RECEIVER_JVM_ARGS /
		// BENCH_SENDER_JVM_ARGS (not recorded in the report: never set them for a results
		// run)
		String extra = System.getenv("BENCH_" + role.toUpperCase(java.util.Locale.ROOT) + "_JVM_ARGS");
		if (extra != null && !extra.isBlank()) {
			command.addAll(List.of(extra.trim().split("\\s+")));
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ChildMain.class.getName());
		command.add(role);
		command.add(scenario.id());
		command.addAll(args.toWords());
		String name = scenario.id().replace('/', '_') + "-" + role;
		Path log = logDir.resolve(name + ".log");
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new ChildProcess(process, name, logDir.resolve(name + ".out"));
	}

	long pid() {
		return this.process.pid();
	}

	/**
	 * Stop the process with {@code SIGSTOP} and wait until it is: a stopped JVM runs no
	 * thread at all (a busy-spin reader included), so it takes no CPU from the pair being
	 * measured. Only when nothing is in flight to or from it. Linux only (the state is
	 * read from {@code /proc}).
	 */
	void freeze() throws IOException, InterruptedException {
		signal("STOP");
		this.frozen = true;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
		while (state() != 'T') {
			if (System.nanoTime() > deadline) {
				throw new BenchFailure(this.name + ": not stopped 5 s after SIGSTOP (state " + state() + ")");
			}
			// polling /proc: there is no event for "the process has stopped"
			Thread.sleep(1);
		}
	}

	/** Let a frozen process run again ({@code SIGCONT}). */
	void thaw() throws IOException, InterruptedException {
		signal("CONT");
		this.frozen = false;
	}

	/**
	 * Thaw it if it is frozen; a failure is left to {@link #close}, which kills what does
	 * not exit.
	 */
	void thawIfFrozen() throws InterruptedException {
		if (this.frozen) {
			try {
				thaw();
			}
			catch (IOException | BenchFailure ex) {
				System.err.println(this.name + ": " + ex.getMessage());
			}
		}
	}

	private void signal(String signal) throws IOException, InterruptedException {
		Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid())).redirectErrorStream(true)
			.start();
		String output = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
		if (kill.waitFor() != 0) {
			throw new BenchFailure(this.name + ": kill -" + signal + " failed: " + output);
		}
	}

	/**
	 * The process state letter from {@code /proc/<pid>/stat} ({@code T} when stopped),
	 * {@code ?} when gone.
	 */
	private char state() {
		try {
			String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid() + "/stat"));
			return stat.charAt(stat.lastIndexOf(')') + 2);
		}
		catch (IOException ex) {
			return '?';
		}
	}

	void send(String command) {
		this.commands.println(command);
	}

	/**
	 * Wait for the next answer starting with {@code word} (other answers are skipped) and
	 * return its words after it.
	 * @throws BenchFailure when the child reports an error, dies, or the timeout passes
	 */
	String[] expect(String word, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.answers.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new BenchFailure(this.name + ": no " + word + " within " + timeout
						+ (this.process.isAlive() ? "" : " (exited with " + this.process.exitValue() + ")"));
			}
			if (line.startsWith("ERROR")) {
				throw new BenchFailure(this.name + ": " + line);
			}
			if (line.equals("EOF")) {
				throw new BenchFailure(this.name + ": exited before " + word);
			}
			String[] words = line.split(" ");
			if (words[0].equals(word)) {
				return words;
			}
		}
	}

	private void pump(PrintWriter log) {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				if (line.startsWith(ChildMain.TAG)) {
					this.answers.add(line.substring(ChildMain.TAG.length()));
				}
				else {
					log.println(line);
				}
			}
		}
		catch (IOException ex) {
			log.println("pump: " + ex);
		}
		finally {
			this.answers.add("EOF");
			log.close();
		}
	}

	/** Ask it to exit (thawing it first if frozen); kill it if it does not within 5 s. */
	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			thawIfFrozen();
			send("EXIT");
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(5, TimeUnit.SECONDS);
			}
		}
	}

	/** A scenario could not be measured; the run notes it and goes on. */
	static final class BenchFailure extends RuntimeException {

		BenchFailure(String message) {
			super(message);
		}

	}

}
