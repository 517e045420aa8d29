package io.ipcstarter.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs peer processes (shell, python3, a second JVM) for cross-process tests, with bounded waits.
 */
public final class Processes {

	private Processes() {
	}

	/** Start a process; its stderr is inherited so failures show in the test output. */
	public static Process start(String... command) throws IOException {
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/** Start a second JVM running {@code mainClass} with the test class path. */
	public static Process startJvm(Class<?> mainClass, String... args) throws IOException {
		List<String> command = new java.util.ArrayList<>(List.of(
				java.nio.file.Path.of(System.getProperty("java.home"), "bin",
						System.getProperty("os.name").startsWith("Windows") ? "java.exe" : "java").toString(), "-cp", System.getProperty("java.class.path"),
				mainClass.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	/** Wait for exit (bounded) and return stdout; fails when the exit code is not 0. */
	public static String output(Process process, long timeoutSeconds) throws Exception {
		java.util.concurrent.CompletableFuture<byte[]> reading = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
			try {
				return process.getInputStream().readAllBytes();
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			throw new AssertionError("process did not exit within " + timeoutSeconds + " s");
		}
		byte[] out = reading.get(10, TimeUnit.SECONDS);
		if (process.exitValue() != 0) {
			throw new AssertionError("process exited with " + process.exitValue() + "; output: "
					+ new String(out, StandardCharsets.UTF_8));
		}
		return new String(out, StandardCharsets.UTF_8);
	}

	/** Run to completion (bounded), failing on a non-zero exit code; returns stdout. */
	public static String run(String... command) throws Exception {
		return output(start(command), 60);
	}

}
