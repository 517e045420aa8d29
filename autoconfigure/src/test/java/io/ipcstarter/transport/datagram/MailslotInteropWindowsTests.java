package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mailslot against a peer that is not ours: a C program
 * ({@code src/test/c/mailslot_peer.c}, written from the mailslot section of
 * {@code docs/wire-formats.md}) built with mingw-w64 and run as a second Windows process
 * (under Wine here: the calls and the message boundaries are checked, not real Windows),
 * writing to our inbound endpoint and reading what our outbound endpoint writes.
 */
@WindowsTest
class MailslotInteropWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final MailslotTransport transport = new MailslotTransport();

	private final String name = "ipc-interop-" + UUID.randomUUID();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	private MingwPeer exe;

	@BeforeEach
	void peerIsBuilt() {
		this.exe = MingwPeer.named("mailslot_peer");
	}

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aCWriterDeliversEachWriteAsOneMessageInOrder() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).build());
		List<String> messages = new ArrayList<>(List.of("one", "two words", "three"));
		for (int i = 0; i < 20; i++) {
			messages.add("c" + i);
		}
		List<String> args = new ArrayList<>(List.of("write", this.name));
		args.addAll(messages);
		assertThat(this.exe.run(args.toArray(String[]::new)).trim()).isEqualTo("sent " + messages.size());
		for (String message : messages) {
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo(message);
			assertThat(received.peer().id()).isEqualTo("mailslot");
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void anOversizeWriteFromCIsCountedAndTheNextOneArrives() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).maxMessageSize(1024).build());
		String said = this.exe.run("big", this.name, "2000");
		assertThat(said.lines()).last().isEqualTo("sent after");
		// Windows refuses the write at the writer (the mailslot's largest message is
		// 1024 bytes); Wine takes it, and our reader counts and drops it
		if (said.startsWith("written")) {
			RecordingListener.Failure failure = listener.nextError(WAIT);
			assertThat(failure.reason()).isEqualTo(ErrorReason.OVERSIZE);
		}
		else {
			assertThat(said).startsWith("refused");
		}
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		assertThat(listener.messages()).isEmpty();
	}

	@Test
	void aCReaderGetsEachOfOurMessagesWhole() throws Exception {
		try (PeerProcess reader = this.exe.start("read", this.name, "3")) {
			reader.await("ready", WAIT);
			IpcClient client = this.open.client(spec(Role.OUTBOUND).build());
			byte[] big = new byte[4000];
			Arrays.fill(big, (byte) 'y');
			client.send("hello".getBytes(StandardCharsets.UTF_8));
			client.send(big);
			client.send("bye now".getBytes(StandardCharsets.UTF_8));
			assertThat(reader.nextLine(WAIT)).isEqualTo("got 5 hello");
			assertThat(reader.nextLine(WAIT)).isEqualTo("got 4000 " + new String(big, StandardCharsets.US_ASCII));
			assertThat(reader.nextLine(WAIT)).isEqualTo("got 7 bye now");
			assertThat(reader.awaitExit(WAIT)).isZero();
		}
	}

	private EndpointSpec.Builder spec(Role role) {
		return EndpointSpec.builder("test", "mailslot", role, this.name);
	}

}
