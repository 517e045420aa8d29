package io.ipcstarter.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.ipcstarter.integration.IpcEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample's {@code pipes} profile ({@code application-pipes.yml}) as the sample README
 * runs it, addresses moved to a temporary directory: a python3 client calls
 * {@code echo-pipe} at the Unix socket that stands in for the named pipe on Linux,
 * {@code sh} writes lines into {@code events-fifo}, and {@code shout} gets answers from
 * its {@code upper.sh} child.
 */
@SpringBootTest
@ActiveProfiles("pipes")
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the profile's fifo endpoint needs a POSIX FIFO")
class PipesProfileTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		SampleAddresses.movedTo(dir).forEach((name, address) -> registry.add(name, () -> address));
		registry.add("ipc.endpoints.echo-pipe.named-pipe.directory", () -> dir.toString());
		registry.add("ipc.endpoints.ask-pipe.named-pipe.directory", () -> dir.toString());
		registry.add("ipc.endpoints.events-fifo.address", () -> dir.resolve("events.fifo").toString());
		registry.add("ipc.sample.scripts", () -> Path.of("scripts").toAbsolutePath().toString());
	}

	@Autowired
	@Qualifier("ipc.echo-pipe")
	IpcEndpoint echoPipe;

	@Autowired
	@Qualifier("ask-pipe")
	MessageChannel askPipe;

	@Autowired
	@Qualifier("shout")
	MessageChannel shout;

	@Autowired
	EventLog events;

	@Test
	void pythonEchoesOverTheNamedPipe() throws Exception {
		Path socket = dir.resolve("ipc-sample-echo.sock");
		assertThat(this.echoPipe.getAddress()).contains("ipc-sample-echo");
		assertThat(PythonClient.run("unix-socket", socket.toString(), "echo", "2", "10")).contains("PEER:ECHO-OK 20");
	}

	@Test
	void askPipeCallsTheEchoServerOverTheNamedPipe() {
		Message<?> reply = new MessagingTemplate().sendAndReceive(this.askPipe,
				new GenericMessage<>("ping".getBytes(StandardCharsets.UTF_8)));
		assertThat(reply).isNotNull();
		assertThat(reply.getPayload()).isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void linesWrittenIntoTheFifoByAShellAreEvents() throws Exception {
		long before = this.events.count();
		Process printf = new ProcessBuilder("sh", "-c", "printf 'hello\\nworld\\n' > \"$0\"",
				dir.resolve("events.fifo").toString())
			.redirectErrorStream(true)
			.start();
		assertThat(printf.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(printf.exitValue()).isZero();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.events.count() - before == 2);
	}

	@Test
	void shoutAnswersInUpperCaseFromItsChildProcess() {
		Message<?> reply = new MessagingTemplate().sendAndReceive(this.shout, new GenericMessage<>("hello"));
		assertThat(reply).isNotNull();
		assertThat(reply.getPayload()).isEqualTo("HELLO");
	}

}
