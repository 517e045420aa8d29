package io.ipcstarter.crossprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * A peer in another process: a second JVM on the test class path, or any other command (python3...). Lines it prints
 * starting with {@code PEER:} are what the test waits for; the rest is kept for the failure message.
 */
public final class PeerProcess implements AutoCloseable {

	private static final String PREFIX = "PEER:";

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final Deque<String> tail = new ArrayDeque<>();

	private PeerProcess(Process process) {
		this.process = process;
		Thread reader = new Thread(this::read, "peer-output-" + process.pid());
		reader.setDaemon(true);
		reader.start();
	}

	/** Start {@code main} in a new JVM with the test class path. */
	public static PeerProcess java(Class<?> main, List<String> args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.add("-XX:TieredStopAtLevel=1"); // starts faster; the peer runs for seconds
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(main.getName());
		command.addAll(args);
		return start(command);
	}

	/** Start any command. */
	public static PeerProcess start(List<String> command) throws IOException {
		return new PeerProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	private void read() {
		try (BufferedReader in = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = in.readLine()) != null) {
				synchronized (this.tail) {
					this.tail.addLast(line);
					if (this.tail.size() > 60) {
						this.tail.removeFirst();
					}
				}
				if (line.startsWith(PREFIX)) {
					this.lines.add(line.substring(PREFIX.length()));
				}
			}
		}
		catch (IOException ex) {
			// the process is gone; await() reports what it printed
		}
	}

	/**
	 * The rest of the next {@code PEER:} line, which must start with {@code word}; fails the test with the peer's
	 * output when another line, no line or a dead peer comes first.
	 */
	public String await(String word, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(100, TimeUnit.MILLISECONDS);
			if (line != null) {
				if (line.equals(word) || line.startsWith(word + " ")) {
					return line.substring(word.length()).trim();
				}
				fail("Peer said '" + line + "' while the test waited for " + word + "\n" + output());
			}
			if (!this.process.isAlive() && this.lines.isEmpty()) {
				// give the reader a moment to pass on the last lines
				line = this.lines.poll(500, TimeUnit.MILLISECONDS);
				if (line != null) {
					this.lines.add(line);
					continue;
				}
				fail("Peer exited with " + this.process.exitValue() + " before saying " + word + "\n" + output());
			}
			if (System.nanoTime() > deadline) {
				fail("Peer did not say " + word + " within " + timeout + "\n" + output());
			}
		}
	}

	/** Write a line to the peer's standard input. */
	public void tell(String line) throws IOException {
		this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
		this.process.getOutputStream().flush();
	}

	/** Wait for the peer to exit by itself; its exit status. */
	public int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			fail("Peer still running after " + timeout + "\n" + output());
		}
		return this.process.exitValue();
	}

	/** Kill the peer at once, as a crash would (SIGKILL). */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(10, TimeUnit.SECONDS);
	}

	public long pid() {
		return this.process.pid();
	}

	/** What the peer printed last, for failure messages. */
	public String output() {
		synchronized (this.tail) {
			return "--- peer output (last lines) ---\n" + String.join("\n", this.tail);
		}
	}

	/** Close the peer's standard input (a serving peer then exits), and kill it if it does not. */
	@Override
	public void close() throws Exception {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already gone
		}
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			kill();
		}
	}

}
