package io.ipcstarter.transport.window;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.ipcstarter.nativeapi.windows.User32Messages;
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
 * {@code window-message} run for real inside a Windows JVM (under Wine here: protocol
 * logic and JNA mappings are checked, not UIPI or real Windows), with the other end in a
 * second Windows JVM.
 */
@WindowsTest
class WindowMessageWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PEER = Duration.ofSeconds(90);

	private final WindowMessageTransport transport = new WindowMessageTransport();

	private final String name = "IpcTest" + UUID.randomUUID().toString().substring(0, 8);

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void aSenderInASecondWindowsJvmDeliversEveryMessageInOrderWithItsType() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).build());
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "send", this.name, "20")) {
			assertThat(peer.awaitOutput(PEER).trim()).isEqualTo("sent 20");
		}
		for (int i = 0; i < 20; i++) {
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("m" + i);
			assertThat(received.attributes().get("messageType")).isEqualTo(100L + i);
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void aGatewayInASecondWindowsJvmRepliesByCopyData() throws Exception {
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "serve", this.name, "copydata")) {
			peer.await("ready", PEER);
			IpcClient client = this.open.client(spec(Role.OUTBOUND_GATEWAY).build());
			assertThat(text(client.request(bytes("hello")))).isEqualTo("re:hello");
			assertThat(text(client.request(bytes("")))).isEqualTo("re:");
			peer.closeInput();
		}
	}

	@Test
	void aGatewayInASecondWindowsJvmRepliesWithTheResult() throws Exception {
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "serve", this.name, "result")) {
			peer.await("ready", PEER);
			IpcClient client = this.open.client(spec(Role.OUTBOUND_GATEWAY)
				.option(WindowMessageOptions.class, options(WindowMessageReply.RESULT, null))
				.build());
			assertThat(text(client.request(bytes("41")))).isEqualTo("42");
			assertThat(text(client.request(bytes("-8")))).isEqualTo("-7");
			peer.closeInput();
		}
	}

	@Test
	void ourGatewayAnswersACallerInASecondWindowsJvm() throws Exception {
		RecordingListener listener = RecordingListener.answering((r) -> bytes("ok:" + text(r)));
		this.open.startServer(spec(Role.INBOUND_GATEWAY).build(), listener);
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "request", this.name, "copydata",
				"ping")) {
			assertThat(peer.awaitOutput(PEER).trim()).isEqualTo("reply ok:ping");
		}
		RecordingListener.Received received = listener.next(WAIT);
		assertThat(received.peer().pid()).as("the caller's window names its process")
			.isNotNull()
			.isNotEqualTo((int) ProcessHandle.current().pid());
	}

	@Test
	void aCallerKilledWhileItsRequestIsHandledIsCountedAndTheGatewayServesTheNext() throws Exception {
		CountDownLatch asked = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener((request) -> {
			if (text(request).equals("die")) {
				asked.countDown();
				killed.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			return request;
		});
		this.open.startServer(spec(Role.INBOUND_GATEWAY).build(), listener);
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "request", this.name, "copydata",
				"die")) {
			assertThat(asked.await(PEER.toSeconds(), TimeUnit.SECONDS)).isTrue();
			peer.kill();
		}
		killed.countDown();
		// the reply has no window to go to: counted, and the gateway goes on
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isIn(ErrorReason.IO, ErrorReason.PEER_REJECTED);
		assertThat(failure.cause()).hasMessageContaining("reply");
		IpcClient client = this.open.client(spec(Role.OUTBOUND_GATEWAY).build());
		assertThat(text(client.request(bytes("after")))).isEqualTo("after");
	}

	@Test
	void aSenderKilledWhileItsMessageIsHandledLosesNothingAlreadySentAndTheWindowServesTheNext() throws Exception {
		CountDownLatch handling = new CountDownLatch(1);
		CountDownLatch killed = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener((message) -> {
			if (text(message).equals("m1")) {
				handling.countDown();
				killed.await(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			return null;
		});
		this.open.startServer(spec(Role.INBOUND).build(), listener);
		try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "send", this.name, "5")) {
			assertThat(handling.await(PEER.toSeconds(), TimeUnit.SECONDS)).isTrue();
			peer.kill();
		}
		killed.countDown();
		// the system copied m1 into this process before the window procedure ran: it is
		// whole, and nothing after it was sent
		assertThat(listener.nextText(WAIT)).isEqualTo("m0");
		assertThat(listener.nextText(WAIT)).isEqualTo("m1");
		this.open.client(spec(Role.OUTBOUND).build()).send(bytes("after"));
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void hostileCopyDataStructuresAreRefusedWithoutReadingOrAllocating() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND).maxMessageSize(1024).build());
		HWND window = WindowMessageClient.find(this.name);
		assertThat(window).isNotNull();
		// sent from this process (another thread), so the system passes the structure
		// as it is, unchecked: a peer of this process could
		Memory huge = new Memory(CopyData.STRUCT_SIZE);
		huge.clear();
		huge.setInt(Native.POINTER_SIZE, -1); // cbData 4 GiB - 1, lpData NULL
		assertThat(sendRaw(window, huge)).isZero();
		RecordingListener.Failure oversize = listener.nextError(WAIT);
		assertThat(oversize.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(oversize.cause()).hasMessageContaining("4294967295 bytes");
		Memory nullData = new Memory(CopyData.STRUCT_SIZE);
		nullData.clear();
		nullData.setInt(Native.POINTER_SIZE, 5); // 5 bytes announced, lpData NULL
		assertThat(sendRaw(window, nullData)).isZero();
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.DECODE);
		assertThat(sendRaw(window, null)).as("no COPYDATASTRUCT at all").isZero();
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.DECODE);
		this.open.client(spec(Role.OUTBOUND).build()).send(bytes("after"));
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		assertThat(listener.messages()).isEmpty();
	}

	private static long sendRaw(HWND window, Memory struct) {
		ULONG_PTRByReference result = new ULONG_PTRByReference();
		LRESULT ok = User32Messages.get()
			.SendMessageTimeout(window, User32Messages.WM_COPYDATA, new WPARAM(0),
					new LPARAM((struct != null) ? Pointer.nativeValue(struct) : 0), User32Messages.SMTO_ABORTIFHUNG,
					5000, result);
		assertThat(ok.longValue()).as("sent").isNotZero();
		return result.getValue().longValue();
	}

	@Test
	void lettingLowerIntegritySendersThroughIsAcceptedUnderWineWhichEnforcesNoUipi() throws Exception {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setAllowLowerIntegritySenders(true);
		RecordingListener listener = this.open
			.startServer(spec(Role.INBOUND).option(WindowMessageOptions.class, options).build());
		this.open.client(spec(Role.OUTBOUND).build()).send(bytes("through"));
		assertThat(listener.nextText(WAIT)).isEqualTo("through");
	}

	@Test
	void aReceiverNotFoundIsPeerRejectedNamingTheWindow() {
		IpcClient client = this.open.client(spec(Role.OUTBOUND).sendTimeout(Duration.ofMillis(200)).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(bytes("nobody")))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.PEER_REJECTED))
			.withMessageContaining("No window '" + this.name + "'");
	}

	@Test
	void aSecondServerOnTheSameNameFailsToStart() throws Exception {
		this.open.startServer(spec(Role.INBOUND).build());
		IpcServer second = this.transport.createServer(spec(Role.INBOUND).build());
		this.open.closeLast(second);
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> second.start(new RecordingListener()))
			.withMessageContaining(this.name)
			.withMessageContaining("address already in use");
	}

	static WindowMessageOptions options(WindowMessageReply reply, String registered) {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setReply(reply);
		options.setRegisteredMessage(registered);
		return options;
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
