package io.ipcstarter.transport.process;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Options of the {@code process} transport ({@code ipc.endpoints.<name>.process.*}).
 */
public class ProcessOptions extends TransportOptions<ProcessOptions> {

	/**
	 * Working directory of the child process. Defaults to the application's.
	 */
	private @Nullable String workingDirectory;

	/**
	 * Environment variables added to (or replacing) the application's environment for the
	 * child process.
	 */
	private Map<String, String> environment = new LinkedHashMap<>();

	/**
	 * When an exited child is started again: "never", "on-failure" (non-zero exit or
	 * killed) or "always". Restarts back off from reconnect.initial-interval to
	 * reconnect.max-interval while the child keeps exiting quickly.
	 */
	private Restart restart = Restart.ON_FAILURE;

	/**
	 * How long stopping waits after closing the child's stdin before terminating it, and
	 * again before killing it.
	 */
	private Duration shutdownTimeout = Duration.ofSeconds(5);

	@Override
	public ProcessOptions copy() {
		ProcessOptions copy = super.copy();
		copy.environment = new LinkedHashMap<>(this.environment);
		return copy;
	}

	public @Nullable String getWorkingDirectory() {
		return this.workingDirectory;
	}

	public void setWorkingDirectory(@Nullable String workingDirectory) {
		this.workingDirectory = workingDirectory;
	}

	public Map<String, String> getEnvironment() {
		return this.environment;
	}

	public void setEnvironment(Map<String, String> environment) {
		this.environment = environment;
	}

	public Restart getRestart() {
		return this.restart;
	}

	public void setRestart(Restart restart) {
		this.restart = restart;
	}

	public Duration getShutdownTimeout() {
		return this.shutdownTimeout;
	}

	public void setShutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
	}

}
