package io.ipcstarter.transport.clipboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The clipboard, run for real inside a Windows JVM (under Wine here: protocol logic and
 * JNA mappings are checked, not real Windows), against a second Windows JVM. Each test
 * uses a format of its own, so a leftover content of another test is never read.
 */
@WindowsTest
class ClipboardWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PEER = Duration.ofSeconds(90);

	private final ClipboardTransport transport = new ClipboardTransport();

	private final String format = "IpcTest." + System.nanoTime();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aWriterInASecondWindowsJvmIsReadWithItsSequenceAndPid() throws Exception {
		RecordingListener listener = startServer(this.format);
		PeerProcess peer = peer("write", this.format);
		long previous = -1;
		for (int i = 0; i < 5; i++) {
			peer.tell("m" + i);
			assertThat(peer.await("written", PEER)).isEmpty();
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("m" + i);
			long sequence = (Long) received.attributes().get(ClipboardServer.SEQUENCE);
			assertThat(sequence).isGreaterThan(previous);
			previous = sequence;
			assertThat(received.peer().pid()).isEqualTo((int) peer.pid());
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void ourWriterIsReadByASecondWindowsJvm() throws Exception {
		PeerProcess peer = peer("read", this.format);
		peer.await("ready", PEER);
		IpcClient client = client(this.format);
		for (int i = 0; i < 3; i++) {
			client.send(("c" + i).getBytes(StandardCharsets.UTF_8));
			assertThat(peer.await("got", PEER)).endsWith(" c" + i);
		}
	}

	@Test
	void unicodeTextTravelsAsCfUnicodeText() throws Exception {
		RecordingListener listener = startServer("CF_UNICODETEXT");
		PeerProcess peer = peer("write", "CF_UNICODETEXT");
		peer.tell("h\u00e9llo \u20ac \u65e5\u672c");
		peer.await("written", PEER);
		assertThat(listener.nextText(WAIT)).isEqualTo("h\u00e9llo \u20ac \u65e5\u672c");
	}

	@Test
	void changesInOtherFormatsAndOurOwnWritesAreIgnored() throws Exception {
		RecordingListener listener = startServer(this.format);
		client(this.format).send("own".getBytes(StandardCharsets.UTF_8)); // our process
		PeerProcess other = peer("write", this.format + ".other");
		other.tell("not ours");
		other.await("written", PEER);
		PeerProcess peer = peer("write", this.format);
		peer.tell("theirs");
		peer.await("written", PEER);
		assertThat(listener.nextText(WAIT)).isEqualTo("theirs");
		assertThat(listener.messages()).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void anOversizeContentIsCountedAndTheNextArrives() throws Exception {
		RecordingListener listener = startServer(
				EndpointSpec.builder("test", "clipboard", Role.INBOUND, "test").maxMessageSize(100));
		PeerProcess peer = peer("write", this.format);
		peer.tell("big:101");
		peer.await("written", PEER);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		peer.tell("after");
		peer.await("written", PEER);
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
	}

	@Test
	void ourWriterRefusesAMessageOverMaxMessageSize() {
		IpcClient client = this.transport.createClient(spec(Role.OUTBOUND, this.format).maxMessageSize(16).build());
		this.open.closeLast(client);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[17]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("max-message-size (16 bytes)");
	}

	/**
	 * A writer in a burst: the clipboard keeps only the latest, so some are skipped, but
	 * none may be read twice. Before the reader took the sequence number with the
	 * clipboard open, a write between the notification and the read was read at once and
	 * again at its own notification (49 of 1,031 in ClipboardCrashWindowsTests).
	 */
	@Test
	void aBurstOfWritesIsNeverReadTwice() throws Exception {
		RecordingListener listener = startServer(this.format);
		PeerProcess peer = peer("write", this.format);
		int count = 300;
		for (int i = 0; i < count; i++) {
			peer.tell("b" + i);
		}
		for (int i = 0; i < count; i++) {
			peer.await("written", PEER);
		}
		List<String> read = new ArrayList<>();
		RecordingListener.Received received;
		while ((received = listener.poll(Duration.ofSeconds(2))) != null) {
			read.add(received.text());
		}
		assertThat(read).as("the last write is read").endsWith("b" + (count - 1));
		assertThat(read).as("read twice").doesNotHaveDuplicates();
		assertThat(read).as("in write order")
			.isSortedAccordingTo(Comparator.comparingInt((String m) -> Integer.parseInt(m.substring(1))));
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void stopEndsTheWindowThreadPromptly() throws Exception {
		IpcServer server = this.transport.createServer(spec(Role.INBOUND, this.format).build());
		server.start(new RecordingListener());
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		assertThat(Thread.getAllStackTraces().keySet()).noneMatch((t) -> t.getName().startsWith("ipc-test-clipboard"));
	}

	private PeerProcess peer(String mode, String format) throws Exception {
		PeerProcess peer = PeerProcess.java(ClipboardPeerMain.class, mode, format);
		this.open.closeFirst(peer);
		return peer;
	}

	private RecordingListener startServer(String format) throws Exception {
		return startServer(EndpointSpec.builder("test", "clipboard", Role.INBOUND, "test"), format);
	}

	private RecordingListener startServer(EndpointSpec.Builder builder) throws Exception {
		return startServer(builder, this.format);
	}

	private RecordingListener startServer(EndpointSpec.Builder builder, String format) throws Exception {
		ClipboardOptions options = new ClipboardOptions();
		options.setFormat(format);
		return this.open.startServer(builder.option(ClipboardOptions.class, options).build());
	}

	private IpcClient client(String format) {
		return this.open.client(spec(Role.OUTBOUND, format).build());
	}

	private EndpointSpec.Builder spec(Role role, String format) {
		ClipboardOptions options = new ClipboardOptions();
		options.setFormat(format);
		return EndpointSpec.builder("test", "clipboard", role, "test").option(ClipboardOptions.class, options);
	}

}
