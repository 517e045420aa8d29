package io.ipcstarter.transport.shm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A peer process (a second JVM running {@link RingPeer}, or the C program) whose output lines are collected.
 */
final class PeerProcess implements AutoCloseable {

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Thread reader;

	private PeerProcess(List<String> command) throws IOException {
		this.process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		this.reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process died: its lines so far are what it said
			}
		}, "peer-output");
		this.reader.setDaemon(true);
		this.reader.start();
	}

	static PeerProcess java(String... args) throws IOException {
		// java.exe, never bare "java" on Windows: under Wine, bin/ also holds the Unix launcher script named java,
		// which CreateProcess would start as a Unix program without a process handle; the JDK then closes both ends
		// of the child's stdin/stdout pipes but keeps the stale handle values in the streams, and their cleaner later
		// closes whatever handle has that value by then (a named-pipe test failed with error 6 that way)
		String java = System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java";
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", java).toString(),
				"-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
				RingPeer.class.getName()));
		command.addAll(List.of(args));
		return new PeerProcess(command);
	}

	static PeerProcess command(String... command) throws IOException {
		return new PeerProcess(List.of(command));
	}

	/** The next output line, waiting at most {@code seconds}; fails when none came. */
	String nextLine(int seconds) throws InterruptedException {
		String line = this.lines.poll(seconds, TimeUnit.SECONDS);
		if (line == null) {
			throw new AssertionError("peer said nothing within " + seconds + " s (alive: " + this.process.isAlive() + ")");
		}
		return line;
	}

	/** Waits for a line equal to {@code expected}, skipping others. */
	void await(String expected, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (true) {
			String line = this.lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			if (line == null) {
				throw new AssertionError("peer did not say '" + expected + "' within " + seconds + " s");
			}
			if (line.equals(expected)) {
				return;
			}
		}
	}

	BlockingQueue<String> lines() {
		return this.lines;
	}

	int waitFor(int seconds) throws InterruptedException {
		if (!this.process.waitFor(seconds, TimeUnit.SECONDS)) {
			throw new AssertionError("peer did not exit within " + seconds + " s");
		}
		return this.process.exitValue();
	}

	/** kill -9. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("peer " + this.process.pid() + " still runs 30 s after kill -9");
		}
		// what the process wrote before it died may still be in the pipe: read it all before anyone looks at lines()
		this.reader.join(30_000);
		if (this.reader.isAlive()) {
			throw new AssertionError("the output of peer " + this.process.pid() + " did not end 30 s after it died");
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

}
