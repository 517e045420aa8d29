package io.ipcstarter.transport.stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@code raw} framing cannot promise: a send that overruns {@code send-timeout} in
 * the middle of a message has its connection closed by the watchdog, and closing is how
 * {@code raw} ends a message. A live receiver on a Unix socket (which has no reset) sees
 * a clean end of the stream after the part it got, and cannot tell it from a whole
 * message. Established here with a python3 receiver that reads slowly to EOF: it gets a
 * part, with an ordinary EOF. The sender's failure says the message may have been cut.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "a unix socket and a python3 receiver")
class RawMessageCutByTimeoutTests {

	private static final String SLOW_RECEIVER = """
			import os, socket, sys, time
			s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			s.bind(sys.argv[1]); s.listen(1)
			print("READY", flush=True)
			c, _ = s.accept()
			n = 0
			while True:
			    data = c.recv(4096)   # an error (a reset) would end this with a trace
			    if not data:
			        break
			    n += len(data)
			    time.sleep(0.005)
			print("GOT %d CLEAN-EOF" % n, flush=True)
			""";

	@TempDir
	Path dir;

	@Test
	void aRawMessageCutByTheWatchdogReachesALiveReceiverAsAShorterMessage() throws Exception {
		String socket = this.dir.resolve("raw.sock").toString();
		try (PeerProcess receiver = PeerProcess.pythonCode(SLOW_RECEIVER, socket)) {
			receiver.awaitLineEqualTo("READY", Duration.ofSeconds(30));
			Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(Path.of(socket)));
			EndpointSpec spec = EndpointSpec.builder("raw", "unix-socket", Role.OUTBOUND, socket)
				.framing(Framing.RAW)
				.maxMessageSize(16 * 1024 * 1024)
				.sendTimeout(Duration.ofMillis(300))
				.build();
			byte[] message = new byte[8 * 1024 * 1024];
			try (IpcClient client = Transports.get("unix-socket").createClient(spec)) {
				assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(message))
					.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
					.withMessageContaining("send-timeout")
					.withMessageContaining("raw message may have been cut short");
			}
			String got = receiver.awaitLine("GOT ", Duration.ofSeconds(30));
			long received = Long.parseLong(got.split(" ")[1]);
			assertThat(got).as("the receiver saw an ordinary end of the stream").endsWith("CLEAN-EOF");
			assertThat(received).as("a part of the message, which raw framing cannot tell from a whole one")
				.isPositive()
				.isLessThan(message.length);
		}
	}

}
