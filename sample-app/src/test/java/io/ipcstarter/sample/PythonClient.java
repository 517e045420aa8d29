package io.ipcstarter.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the python peers of {@code src/test/resources/peers} with python3 against
 * endpoints of the sample app: the sample's one way to start another process. The scripts
 * run from the source tree, as the sample's README runs them, because there
 * {@code ipcframing.py} beside them, a symbolic link to the one in autoconfigure's test
 * resources, resolves (its copy among the test classes would point nowhere). The
 * starter's own tests have the fuller {@code io.ipcstarter.testsupport.PeerProcess};
 * sample-app does not see autoconfigure's test classes.
 */
final class PythonClient {

	private PythonClient() {
	}

	/**
	 * Run {@code echo_client.py} against an endpoint and return its output; fails the
	 * test when it does not exit with 0 within 60 seconds.
	 */
	static String run(String transport, String address, String... args) throws Exception {
		List<String> all = new ArrayList<>(List.of(transport.equals("tcp") ? "--tcp" : "--unix", address));
		all.addAll(List.of(args));
		return runScript("echo_client.py", all.toArray(String[]::new));
	}

	/**
	 * Run a script of the peers and return its output; fails the test unless it exits
	 * with 0 within 60 s.
	 */
	static String runScript(String script, String... args) throws Exception {
		Process process = start(script, args);
		try {
			return awaitOutput(process, 60);
		}
		finally {
			process.destroyForcibly();
		}
	}

	/** Start a script of the peers; its standard error goes with its standard output. */
	static Process start(String script, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of("python3", "-u", script(script).toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		// no __pycache__ among the test classes
		builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
		return builder.start();
	}

	/**
	 * Wait (bounded) for a started script to exit and return its output; fails the test
	 * unless it exits with 0.
	 */
	static String awaitOutput(Process process, int seconds) throws Exception {
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
		if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("python peer still running after " + seconds + " s");
		}
		String text = output.get(10, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as("python peer exit status; it said:\n" + text).isZero();
		return text;
	}

	private static String readAll(Process process) {
		try {
			return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			return "(output unreadable: " + ex + ")";
		}
	}

	private static Path script(String name) {
		// the module's folder is the working directory of its tests
		Path script = Path.of("src", "test", "resources", "peers", name).toAbsolutePath();
		assertThat(script).as("python peer").isRegularFile();
		return script;
	}

}
