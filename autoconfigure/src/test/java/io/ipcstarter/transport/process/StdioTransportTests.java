package io.ipcstarter.transport.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code stdio}: a second JVM is the child; this test is its parent and talks to its stdin/stdout.
 */
class StdioTransportTests {

	@TempDir
	Path dir;

	@Test
	void aChildJvmAnswersOnStdoutKeepsOtherOutputOffItAndExitsWhenStdinCloses() throws Exception {
		Path stderr = this.dir.resolve("stderr.txt");
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				System.getProperty("java.class.path"), StdioPeerMain.class.getName());
		Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
		try (OutputStream stdin = child.getOutputStream();
				BufferedReader stdout = new BufferedReader(
						new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			for (int i = 0; i < 100; i++) {
				stdin.write(("request " + i + "\n").getBytes(StandardCharsets.UTF_8));
				stdin.flush();
				assertThat(stdout.readLine()).isEqualTo("echo:request " + i);
			}
			stdin.close(); // EOF: the child's endpoint ends and the JVM exits
			assertThat(child.waitFor(30, TimeUnit.SECONDS)).as("child exits after stdin closes").isTrue();
			assertThat(stdout.readLine()).as("nothing but replies on stdout").isNull();
		}
		finally {
			child.destroyForcibly();
		}
		assertThat(child.exitValue()).isZero();
		assertThat(Files.readString(stderr)).contains("noise about request 99 from parent pid "
				+ ProcessHandle.current().pid());
	}

	@Test
	void onlyTheDashAddressAndStreamFramingsAreAccepted() {
		StdioTransport transport = new StdioTransport();
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> transport.validate(EndpointSpec.builder("w", "stdio", Role.INBOUND, "/dev/stdin").build()))
			.withMessageContaining("address");
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(() -> transport
			.validate(EndpointSpec.builder("w", "stdio", Role.INBOUND, "-").framing(Framing.RAW).build()))
			.withMessageContaining("framing");
	}

}
