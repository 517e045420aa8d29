package io.ipcstarter.transport.file;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer process (a JVM running {@link FilePeer}, or python3) whose stdout lines the test reads with bounded waits.
 */
final class PeerProcess implements AutoCloseable {

	/** Marks the end of stdout in {@link #lines}. */
	private static final String EOF = "\u0000EOF";

	private final Process process;

	private final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> seen = new ArrayList<>();

	private PeerProcess(Process process) {
		this.process = process;
		Thread pump = new Thread(this::pump, "peer-stdout-" + process.pid());
		pump.setDaemon(true);
		pump.start();
	}

	/** A JVM running {@link FilePeer} with the test class path. */
	static PeerProcess java(String... args) throws IOException {
		String java = System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java";
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", java).toString(),
				"-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				FilePeer.class.getName()));
		command.addAll(List.of(args));
		return new PeerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	/** python3 running a script from the test resources next to this class, with arguments. */
	static PeerProcess python(String resource, String... args) throws IOException {
		String script;
		try (var in = PeerProcess.class.getResourceAsStream(resource)) {
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<String> command = new ArrayList<>(List.of("python3", "-u", "-c", script));
		command.addAll(List.of(args));
		return new PeerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	private void pump() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// the process died: EOF below
		}
		this.lines.add(EOF);
	}

	/** The next line starting with {@code prefix}, skipping (and keeping) others; fails after {@code timeout}. */
	String await(String prefix, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			assertThat(line).as("a line starting with '%s' from %s within %s (seen so far: %s)", prefix,
					this.process.info().commandLine().orElse("peer"), timeout, tail()).isNotNull();
			if (line.equals(EOF)) {
				this.lines.add(EOF);
				assertThat(line).as("peer ended (exit %s) before printing '%s' (seen: %s)",
						this.process.isAlive() ? "-" : this.process.exitValue(), prefix, tail()).isNull();
			}
			this.seen.add(line);
			if (line.startsWith(prefix)) {
				return line;
			}
		}
	}

	/** Every line until the process ends (bounded by {@code timeout}), including the ones seen so far. */
	List<String> allLines(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			assertThat(line).as("peer output to end within %s", timeout).isNotNull();
			if (line.equals(EOF)) {
				this.lines.add(EOF);
				return this.seen;
			}
			this.seen.add(line);
		}
	}

	/** Lines printed so far (drained without waiting). */
	List<String> linesSoFar() {
		String line;
		while ((line = this.lines.peek()) != null && !line.equals(EOF)) {
			this.seen.add(this.lines.poll());
		}
		return this.seen;
	}

	private List<String> tail() {
		return this.seen.subList(Math.max(0, this.seen.size() - 5), this.seen.size());
	}

	/** Close its stdin (a reader peer then stops cleanly). */
	void closeInput() throws IOException {
		this.process.getOutputStream().close();
	}

	/** SIGKILL, and wait until it is gone. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
	}

	int waitFor(Duration timeout) throws InterruptedException {
		assertThat(this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("peer exits in time").isTrue();
		return this.process.exitValue();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
