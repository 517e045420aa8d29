package io.ipcstarter.transport.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code stdio}: a second JVM is the child; this test is its parent and talks to its
 * stdin/stdout.
 */
class StdioTransportTests {

	@Test
	void aChildJvmAnswersOnStdoutKeepsOtherOutputOffItAndExitsWhenStdinCloses() throws Exception {
		try (PeerProcess child = PeerProcess.java(StdioPeerMain.class)) {
			List<String> replies = new ArrayList<>();
			for (int i = 0; i < 100; i++) {
				child.tell("request " + i);
				replies.add(child.nextLine(Duration.ofSeconds(30)));
				assertThat(replies.get(i)).isEqualTo("echo:request " + i);
			}
			child.closeInput(); // EOF: the child's endpoint ends and the JVM exits
			assertThat(child.awaitExit(Duration.ofSeconds(30))).as("child exits with 0 after stdin closes").isZero();
			assertThat(child.allLines(Duration.ofSeconds(10))).as("nothing but replies on stdout").isEqualTo(replies);
			assertThat(child.errorOutput())
				.contains("noise about request 99 from parent pid " + ProcessHandle.current().pid());
		}
	}

	@Test
	void onlyTheDashAddressAndStreamFramingsAreAccepted() {
		StdioTransport transport = new StdioTransport();
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(
					() -> transport.validate(EndpointSpec.builder("w", "stdio", Role.INBOUND, "/dev/stdin").build()))
			.withMessageContaining("address");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> transport
				.validate(EndpointSpec.builder("w", "stdio", Role.INBOUND, "-").framing(Framing.RAW).build()))
			.withMessageContaining("framing");
	}

}
