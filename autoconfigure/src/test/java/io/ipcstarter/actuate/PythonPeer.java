package io.ipcstarter.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A python3 peer process running one of the scripts in {@code src/test/resources/peers}.
 */
final class PythonPeer implements AutoCloseable {

	private final Process process;

	private PythonPeer(Process process) {
		this.process = process;
	}

	/** Start a script with arguments; its stderr goes to the test's stderr. */
	static PythonPeer start(Path dir, String script, String... args) throws IOException {
		Path file = dir.resolve(script);
		try (InputStream in = PythonPeer.class.getResourceAsStream("/peers/" + script)) {
			Files.copy(in, file);
		}
		List<String> command = new ArrayList<>(List.of("python3", file.toString()));
		command.addAll(List.of(args));
		return new PythonPeer(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
	}

	/** Run a script to its end (bounded) and return its output. */
	static String run(Path dir, String script, String... args) throws Exception {
		try (PythonPeer peer = start(dir, script, args)) {
			assertThat(peer.process.waitFor(30, TimeUnit.SECONDS)).as("python peer finished").isTrue();
			String out = new String(peer.process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(peer.process.exitValue()).as("python exit code, output: " + out).isZero();
			return out;
		}
	}

	/** Wait (bounded) for the first line of output. */
	String firstLine() throws IOException {
		StringBuilder line = new StringBuilder();
		int c;
		while ((c = this.process.getInputStream().read()) != -1 && c != '\n') {
			line.append((char) c);
		}
		return line.toString();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

}
