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
	void aGatewayWhoseParentNeverAnswersFailsAtReplyTimeoutAndThenAtOnce() throws Exception {
		try (PeerProcess child = PeerProcess.java(StdioAskingPeerMain.class)) {
			// the parent reads the request and never answers, keeping the child's stdin
			// open
			assertThat(child.nextLine(Duration.ofSeconds(30))).isEqualTo("first?");
			assertThat(child.awaitExit(Duration.ofSeconds(30))).as("the child got both answers and ended").isZero();
			String[] outcomes = child.errorOutput()
				.lines()
				.filter((l) -> l.startsWith("E ") || l.startsWith("R "))
				.toArray(String[]::new);
			assertThat(outcomes).hasSize(2);
			// reading stdin went on past the deadline before: the caller waited until
			// the parent wrote or closed stdin
			String[] first = outcomes[0].split(" ", 4);
			assertThat(first[1]).isEqualTo("timeout");
			assertThat(Long.parseLong(first[2])).isBetween(900L, 3_000L);
			assertThat(first[3]).contains("reply-timeout");
			// a late answer would be taken for the next request's: stdin is closed for
			// good
			String[] second = outcomes[1].split(" ", 4);
			assertThat(second[1]).isIn("io", "timeout");
			assertThat(Long.parseLong(second[2])).isLessThan(1_000L);
			assertThat(second[3]).contains("stdin is closed");
			assertThat(child.allLines(Duration.ofSeconds(10))).as("the second request was never written")
				.containsExactly("first?");
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
