package io.ipcstarter.transport.clipboard;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code clipboard} against a native peer written from the wire-format page:
 * {@code src/test/c/clipboard_peer.c}, built with mingw-w64 by the {@code windows-tests}
 * profile, in a process of its own under Wine (Wine is not Windows). It writes and reads
 * a registered format's block (a 4-byte little-endian length, then the bytes) with a
 * message-only window of its own, so both directions run between a Java endpoint and a
 * program that shares no code with it. Each test uses a format of its own.
 */
@WindowsTest
class ClipboardInteropWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ClipboardTransport transport = new ClipboardTransport();

	private final String format = "IpcInterop." + System.nanoTime();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	private MingwPeer exe;

	@BeforeEach
	void peerIsBuilt() {
		this.exe = MingwPeer.named("clipboard_peer");
	}

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aCWriterIsReadByOurInboundEndpointWithItsPid() throws Exception {
		RecordingListener listener = new RecordingListener();
		IpcServer server = this.transport.createServer(spec(Role.INBOUND));
		this.open.closeLast(server);
		server.start(listener);
		PeerProcess writer = peer("write");
		long previous = -1;
		for (int i = 0; i < 3; i++) {
			// one at a time: the clipboard keeps only the latest message
			writer.tell("from C " + i);
			writer.await("written", WAIT);
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("from C " + i);
			assertThat(received.peer().pid()).isEqualTo((int) writer.pid());
			long sequence = (Long) received.attributes().get(ClipboardServer.SEQUENCE);
			assertThat(sequence).isGreaterThan(previous);
			previous = sequence;
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void ourOutboundEndpointIsReadByACReader() throws Exception {
		PeerProcess reader = peer("read");
		reader.await("ready", WAIT);
		IpcClient client = this.transport.createClient(spec(Role.OUTBOUND));
		this.open.closeFirst(client);
		for (int i = 0; i < 3; i++) {
			client.send(("from Java " + i).getBytes(StandardCharsets.UTF_8));
			String got = reader.await("got", WAIT);
			// "<sequence> <bytes>": the block's length told the C reader where the
			// message ends
			assertThat(got).matches("\\d+ from Java " + i);
		}
	}

	private PeerProcess peer(String mode) throws Exception {
		PeerProcess peer = this.exe.start(mode, this.format);
		this.open.closeFirst(peer);
		return peer;
	}

	private EndpointSpec spec(Role role) {
		ClipboardOptions options = new ClipboardOptions();
		options.setFormat(this.format);
		EndpointSpec spec = EndpointSpec.builder("test", "clipboard", role, "test")
			.option(ClipboardOptions.class, options)
			.build();
		this.transport.validate(spec);
		return spec;
	}

}
