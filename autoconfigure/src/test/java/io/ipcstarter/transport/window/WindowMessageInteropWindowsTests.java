package io.ipcstarter.transport.window;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code window-message} against a native peer written from the wire-format page:
 * {@code src/test/c/window_peer.c}, built with mingw-w64 by the {@code windows-tests}
 * profile, in a process of its own under Wine (Wine is not Windows). It plays both sides:
 * a window that answers (both reply forms, a registered message, a window procedure that
 * hangs) and a sender (WM_COPYDATA, oversize WM_COPYDATA, a posted registered message).
 */
@WindowsTest
class WindowMessageInteropWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final String REGISTERED = "IPC_TEST_SUM";

	private final WindowMessageTransport transport = new WindowMessageTransport();

	private final String name = "IpcInterop" + UUID.randomUUID().toString().substring(0, 8);

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	private MingwPeer exe;

	@BeforeEach
	void peerIsBuilt() {
		this.exe = MingwPeer.named("window_peer");
	}

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aCSenderDeliversEveryMessageWithItsType() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).build());
		assertThat(this.exe.run("send", this.name, "10", "77").trim()).isEqualTo("sent 10");
		for (int i = 0; i < 10; i++) {
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("c" + i);
			assertThat(received.attributes().get("messageType")).isEqualTo(77L);
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void aCWindowTakesOurMessagesAndAnswersInBothReplyForms() throws Exception {
		try (PeerProcess peer = serveInC()) {
			this.open.client(spec(Role.OUTBOUND).build()).send(bytes("hello"), java.util.Map.of("ipc_messageType", 5));
			assertThat(peer.nextLine(WAIT)).isEqualTo("got 5 hello");
			IpcClient copydata = this.open.client(spec(Role.OUTBOUND_GATEWAY).build());
			assertThat(text(copydata.request(bytes("x")))).isEqualTo("c:x");
			assertThat(peer.nextLine(WAIT)).isEqualTo("got 0 x");
			IpcClient result = this.open.client(spec(Role.OUTBOUND_GATEWAY)
				.option(WindowMessageOptions.class, WindowMessageWindowsTests.options(WindowMessageReply.RESULT, null))
				.build());
			assertThat(text(result.request(bytes("21")))).isEqualTo("42");
			assertThat(text(result.request(bytes("-4")))).isEqualTo("-8");
			peer.closeInput();
		}
	}

	@Test
	void aCWindowTakesOurRegisteredMessages() throws Exception {
		try (PeerProcess peer = serveInC()) {
			this.open.client(registered(Role.OUTBOUND)).send(bytes("3 4"));
			assertThat(peer.nextLine(WAIT)).isEqualTo("reg 3 4");
			IpcClient gateway = this.open.client(registered(Role.OUTBOUND_GATEWAY));
			assertThat(text(gateway.request(bytes("5 -2")))).isEqualTo("3");
			assertThat(peer.nextLine(WAIT)).isEqualTo("reg 5 -2");
			assertThatExceptionOfType(IpcException.class).isThrownBy(() -> gateway.request(bytes("five")))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
				.withMessageContaining("'wParam lParam'");
			peer.closeInput();
		}
	}

	@Test
	void aRegisteredMessagePostedByCArrivesAsTwoNumbers() throws Exception {
		RecordingListener listener = this.open.startServer(registered(Role.INBOUND));
		assertThat(this.exe.run("post", this.name, REGISTERED, "7", "-1").trim()).isEqualTo("posted");
		assertThat(listener.nextText(WAIT)).isEqualTo("7 -1");
	}

	@Test
	void anOversizeCopyDataFromCIsRefusedCountedAndTheNextOneArrives() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).maxMessageSize(1024).build());
		String said = this.exe.run("raw", this.name, "2000");
		assertThat(said.lines()).containsExactly("raw 0", "after 1");
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(failure.cause()).hasMessageContaining("2000 bytes").hasMessageContaining("(1024 bytes)");
		RecordingListener.Received after = listener.next(WAIT);
		assertThat(after.text()).isEqualTo("after");
		assertThat(after.attributes().get("messageType")).isEqualTo(2L);
		assertThat(listener.messages()).isEmpty();
	}

	@Test
	void copyDataOfATypeNotAcceptedFromCIsRefusedCountedAndTheOthersArrive() throws Exception {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setAcceptedMessageTypes(List.of(7L, 8L));
		RecordingListener listener = this.open
			.startServer(spec(Role.INBOUND).option(WindowMessageOptions.class, options).build());
		String said = this.exe.run("types", this.name, "7", "99", "8", "0", "7");
		// the documented refusal: the window procedure returns 0 for a refused message
		assertThat(said.lines()).containsExactly("t0 1", "t1 0", "t2 1", "t3 0", "t4 1");
		for (String good : List.of("t0", "t2", "t4")) {
			assertThat(listener.nextText(WAIT)).isEqualTo(good);
		}
		for (String bad : List.of("99", "0")) {
			RecordingListener.Failure failure = listener.nextError(WAIT);
			assertThat(failure.reason()).isEqualTo(ErrorReason.DECODE);
			assertThat(failure.cause()).hasMessageContaining("message type (dwData) " + bad)
				.hasMessageContaining("window-message.accepted-message-types [");
			assertThat(failure.peer()).isNotNull();
		}
		assertThat(listener.messages()).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void aHungCWindowFailsTheSenderWithinSendTimeoutNeverHangingIt() throws Exception {
		try (PeerProcess peer = serveInC()) {
			Duration timeout = Duration.ofSeconds(1);
			IpcClient client = this.open.client(spec(Role.OUTBOUND).sendTimeout(timeout).build());
			for (int i = 0; i < 2; i++) {
				long start = System.nanoTime();
				assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(bytes("hang")))
					.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
					.withMessageContaining("send-timeout");
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.multipliedBy(5));
			}
			peer.kill();
		}
	}

	private PeerProcess serveInC() throws Exception {
		PeerProcess peer = this.exe.start("serve", this.name, REGISTERED);
		peer.await("ready", WAIT);
		return peer;
	}

	private EndpointSpec registered(Role role) {
		return spec(role).option(WindowMessageOptions.class, WindowMessageWindowsTests.options(null, REGISTERED))
			.build();
	}

	private EndpointSpec.Builder spec(Role role) {
		return EndpointSpec.builder("test", "window-message", role, this.name);
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private static String text(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

}
