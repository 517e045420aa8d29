package io.ipcstarter.sample;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The packaged sample, processed by Spring AOT at build time ({@code process-aot}),
 * started in its own JVM with {@code -Dspring.aot.enabled=true}: the context comes from
 * the generated code, with no registrar run, and its endpoints still answer a python3
 * peer. Spring refuses to start in AOT mode without the generated initializer, so a start
 * proves the generated code was used.
 */
class SampleAotIT {

	@TempDir
	Path dir;

	@Test
	void aotProcessedSampleStartsItsEndpointsFromGeneratedCode() throws Exception {
		File jar = new File(System.getProperty("sample.jar", "target/ipc-sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the packaged sample (run mvn verify)").exists();
		try (ZipFile zip = new ZipFile(jar)) {
			assertThat(zip.stream().map((entry) -> entry.getName())).as("process-aot wrote the context out as code")
				.anyMatch((name) -> name.endsWith("SampleApplication__ApplicationContextInitializer.class"));
		}
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dspring.aot.enabled=true",
						"-jar", jar.getPath()));
		command.addAll(List.of(SampleAddresses.asArguments(this.dir)));
		Path log = this.dir.resolve("sample.log");
		Process sample = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			Path echo = Path.of(SampleAddresses.movedTo(this.dir).get("ipc.endpoints.echo-unix.address"));
			await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(echo) || !sample.isAlive());
			String output = Files.readString(log, StandardCharsets.UTF_8);
			assertThat(sample.isAlive()).as("the sample runs; it said:\n" + output).isTrue();
			assertThat(PythonClient.run("unix-socket", echo.toString(), "echo", "2", "20")).contains("PEER:ECHO-OK 40");
		}
		finally {
			sample.destroy();
			sample.waitFor();
		}
	}

}
