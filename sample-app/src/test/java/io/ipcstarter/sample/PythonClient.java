package io.ipcstarter.sample;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs {@code peers/echo_client.py} (test resources) with python3 against an endpoint of the sample app and returns
 * what it printed once it exited successfully.
 */
final class PythonClient {

	private PythonClient() {
	}

	/** Run the client and return its output; fails the test when it does not exit with 0 within 60 seconds. */
	static String run(String transport, String address, String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("python3", "-u", script().toString(),
				transport.equals("tcp") ? "--tcp" : "--unix", address));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process));
		if (!process.waitFor(60, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			fail("python client still running after 60 s");
		}
		String text = output.get(10, TimeUnit.SECONDS);
		assertThat(process.exitValue()).as("python client exit status; it said:\n" + text).isZero();
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

	private static Path script() throws URISyntaxException {
		return Path.of(PythonClient.class.getResource("/peers/echo_client.py").toURI());
	}

}
