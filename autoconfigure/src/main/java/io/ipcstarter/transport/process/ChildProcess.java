package io.ipcstarter.transport.process;

import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;

/**
 * One started child process: its stderr goes to the log under the endpoint's name
 * ({@code ipc.process.<name>}), one line per record, bounded ({@link StderrPump});
 * {@link #stop()} closes its stdin, waits {@code shutdown-timeout}, terminates it (and
 * its descendants), waits again, then kills them. The JDK reaps exited children, so none
 * is left a zombie.
 */
final class ChildProcess {

	private final Process process;

	private final String description;

	private final Duration shutdownTimeout;

	/** When the child started, as the OS says; empty when it could not tell. */
	private final Optional<Instant> startedAt;

	private ChildProcess(Process process, String description, Duration shutdownTimeout) {
		this.process = process;
		this.description = description;
		this.shutdownTimeout = shutdownTimeout;
		this.startedAt = process.info().startInstant();
	}

	/**
	 * Start the command.
	 * @param readStdout whether the endpoint reads the child's stdout; if not, it is
	 * discarded so the child never blocks on a full pipe
	 */
	static ChildProcess start(String endpoint, List<String> command, ProcessOptions options, boolean readStdout)
			throws IOException {
		ProcessBuilder builder = new ProcessBuilder(command);
		if (options.getWorkingDirectory() != null && !options.getWorkingDirectory().isBlank()) {
			builder.directory(new File(options.getWorkingDirectory()));
		}
		builder.environment().putAll(options.getEnvironment());
		if (!readStdout) {
			builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
		}
		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO,
					"Cannot start " + command + " for endpoint '" + endpoint + "': " + ex.getMessage(), ex);
		}
		String description = "child " + command.get(0) + " (pid " + process.pid() + ")";
		pumpStderr(endpoint, process);
		return new ChildProcess(process, description, options.getShutdownTimeout());
	}

	private static void pumpStderr(String endpoint, Process process) {
		System.Logger log = System.getLogger("ipc.process." + endpoint);
		long pid = process.pid();
		StderrPump pump = new StderrPump(process.getErrorStream(), Charset.defaultCharset(),
				(line) -> log.log(Level.INFO, "[pid {0}] {1}", pid, line), System::nanoTime);
		new IpcThreads(endpoint, "stderr").newThread(pump::run).start();
	}

	Process process() {
		return this.process;
	}

	long pid() {
		return this.process.pid();
	}

	String description() {
		return this.description;
	}

	/**
	 * Stop it as described on the class; returns its exit code. Safe to call more than
	 * once.
	 */
	int stop() {
		List<ProcessHandle> descendants = descendants();
		// EOF on its stdin: the polite way to ask it to finish. On a thread of its own,
		// because closing waits for the stream's lock, which a send blocked on a child
		// that stopped reading holds until the child is gone.
		Thread closer = new Thread(this::closeStdin, "ipc-stdin-close-" + this.process.pid());
		closer.setDaemon(true);
		closer.start();
		if (!waitFor(this.shutdownTimeout)) {
			this.process.destroy();
			descendants.forEach(ProcessHandle::destroy);
			if (!waitFor(this.shutdownTimeout)) {
				this.process.destroyForcibly();
				waitFor(Duration.ofSeconds(5));
			}
		}
		descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		return this.process.isAlive() ? -1 : this.process.exitValue();
	}

	/** Kill it and its descendants at once (SIGKILL), without waiting. */
	void kill() {
		List<ProcessHandle> descendants = descendants();
		this.process.destroyForcibly();
		descendants.forEach(ProcessHandle::destroyForcibly);
	}

	/**
	 * What the child started: its descendants that started no earlier than it. The JDK's
	 * {@code descendants()} of a child that has exited are every process whose parent id
	 * is the child's old pid, however old: once the id is handed out again (Wine does
	 * after a few hundred processes; every OS reuses ids) stopping an exited child would
	 * kill unrelated processes (the test suite's peers did that to Wine's services).
	 */
	private List<ProcessHandle> descendants() {
		List<ProcessHandle> all = this.process.descendants().toList();
		if (this.startedAt.isEmpty()) {
			return all;
		}
		Instant child = this.startedAt.get();
		return all.stream()
			.filter((p) -> p.info().startInstant().map((started) -> !started.isBefore(child)).orElse(false))
			.toList();
	}

	private void closeStdin() {
		try {
			this.process.getOutputStream().close();
		}
		catch (IOException ex) {
			// already closed or broken: it is going anyway
		}
	}

	/** Whether it exits (or has exited) within the given time, without our asking. */
	boolean exitsWithin(Duration timeout) {
		return waitFor(timeout);
	}

	private boolean waitFor(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * How it ended, for reports: "exited with code 3" or "was killed by signal 9" (POSIX
	 * 128+n convention).
	 */
	String exitDescription(int code) {
		return this.description + ((code > 128 && code < 160 && !com.sun.jna.Platform.isWindows())
				? " was killed by signal " + (code - 128) : " exited with code " + code);
	}

}
