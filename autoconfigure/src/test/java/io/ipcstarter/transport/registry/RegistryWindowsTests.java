package io.ipcstarter.transport.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
 * The registry transport run for real inside a Windows JVM (under Wine here: protocol
 * logic and JNA mappings are checked, not ACLs, virtualization or real Windows), against
 * a writer in a second Windows JVM and against {@code reg.exe}, a writer that is not
 * ours.
 */
@WindowsTest
class RegistryWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PEER = Duration.ofSeconds(90);

	private final RegistryTransport transport = new RegistryTransport();

	private final String key = "HKCU\\Software\\IpcStarterTests\\" + UUID.randomUUID();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
		reg("delete", this.key, "/f");
	}

	@Test
	void aWriterInASecondWindowsJvmDeliversEachNewValueOnce() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Order").build());
		try (PeerProcess peer = PeerProcess.java(RegistryPeerMain.class, this.key, "Order")) {
			peer.await("ready", PEER);
			for (int i = 0; i < 5; i++) {
				peer.tell("set order-" + i);
				peer.await("set", PEER);
				RecordingListener.Received received = listener.next(WAIT);
				assertThat(received.text()).isEqualTo("order-" + i);
				assertThat(received.attributes().get("registryType")).isEqualTo("REG_SZ");
				assertThat(received.peer().id()).isEqualTo("registry");
			}
			// the same value again is not a new value
			peer.tell("set order-4");
			peer.await("set", PEER);
			peer.tell("set order-5");
			peer.await("set", PEER);
			assertThat(listener.nextText(WAIT)).isEqualTo("order-5");
		}
		assertThat(listener.messages()).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void regExeIsAForeignWriterOfTextBytesAndNumbers() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Setting").build());
		reg("add", this.key, "/v", "Setting", "/t", "REG_SZ", "/d", "grüße", "/f");
		RecordingListener.Received text = listener.next(WAIT);
		assertThat(text.text()).isEqualTo("grüße");
		assertThat(text.attributes().get("registryType")).isEqualTo("REG_SZ");
		reg("add", this.key, "/v", "Setting", "/t", "REG_BINARY", "/d", "00ff10", "/f");
		RecordingListener.Received bytes = listener.next(WAIT);
		assertThat(bytes.payload()).containsExactly(0x00, 0xff, 0x10);
		assertThat(bytes.attributes().get("registryType")).isEqualTo("REG_BINARY");
		reg("add", this.key, "/v", "Setting", "/t", "REG_DWORD", "/d", "42", "/f");
		RecordingListener.Received number = listener.next(WAIT);
		assertThat(number.text()).isEqualTo("42");
		assertThat(number.attributes().get("registryType")).isEqualTo("REG_DWORD");
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void otherValuesOfTheKeyAndARemovedValueAreNoMessages() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Watched").build());
		reg("add", this.key, "/v", "Other", "/t", "REG_SZ", "/d", "noise", "/f");
		reg("add", this.key, "/v", "Watched", "/t", "REG_SZ", "/d", "one", "/f");
		assertThat(listener.nextText(WAIT)).isEqualTo("one");
		reg("delete", this.key, "/v", "Watched", "/f");
		reg("add", this.key, "/v", "Other", "/t", "REG_SZ", "/d", "more noise", "/f");
		reg("add", this.key, "/v", "Watched", "/t", "REG_SZ", "/d", "two", "/f");
		assertThat(listener.nextText(WAIT)).isEqualTo("two");
		assertThat(listener.messages()).isEmpty();
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void writesFasterThanTheWatcherReadsLeaveTheLastValue() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Fast").build());
		IpcClient client = this.open.client(spec(Role.OUTBOUND, "Fast").build());
		for (int i = 0; i < 50; i++) {
			client.send(("v" + i).getBytes(StandardCharsets.UTF_8));
		}
		// a latest-value channel, not a queue: values replaced before the watcher read
		// them are never delivered, but the last one always is, and nothing twice
		List<String> seen = new ArrayList<>();
		String last = "";
		while (!last.equals("v49")) {
			last = listener.nextText(WAIT);
			seen.add(last);
		}
		assertThat(seen).doesNotHaveDuplicates();
		assertThat(seen).isSortedAccordingTo(
				(a, b) -> Integer.compare(Integer.parseInt(a.substring(1)), Integer.parseInt(b.substring(1))));
		System.out.println("registry: 50 writes in a row, " + seen.size() + " delivered");
	}

	@Test
	void anOversizeValueIsReportedAndTheWatcherGoesOn() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Big").build());
		reg("add", this.key, "/v", "Big", "/t", "REG_SZ", "/d", "x".repeat(3000), "/f");
		RecordingListener.Failure failure = listener.nextError(WAIT);
		assertThat(failure.reason()).isEqualTo(ErrorReason.OVERSIZE);
		assertThat(failure.cause()).hasMessageContaining("max-message-size (2048 bytes)");
		reg("add", this.key, "/v", "Big", "/t", "REG_MULTI_SZ", "/d", "a\\0b", "/f");
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.DECODE);
		reg("add", this.key, "/v", "Big", "/t", "REG_SZ", "/d", "small", "/f");
		assertThat(listener.nextText(WAIT)).isEqualTo("small");
	}

	@Test
	void ourWriterStoresRegSzOrRegBinaryThatRegExeReads() throws Exception {
		this.open.client(spec(Role.OUTBOUND, "Text").build()).send("hello world".getBytes(StandardCharsets.UTF_8));
		assertThat(reg("query", this.key, "/v", "Text")).containsPattern("Text\\s+REG_SZ\\s+hello world");
		RegistryOptions binary = options("Bytes");
		binary.setValueType(RegistryOptions.ValueType.BINARY);
		this.open.client(spec(Role.OUTBOUND, "Bytes").option(RegistryOptions.class, binary).build())
			.send(new byte[] { 1, 2, (byte) 0xAB });
		assertThat(reg("query", this.key, "/v", "Bytes")).containsPattern("Bytes\\s+REG_BINARY\\s+0102AB");
	}

	@Test
	void ourWriterRefusesOversizeAndNonTextPayloads() {
		IpcClient client = this.open.client(spec(Role.OUTBOUND, "Refused").maxMessageSize(16).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[17]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("max-message-size (16 bytes)");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[] { (byte) 0xC3 }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
			.withMessageContaining("registry.value-type: binary");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[] { 'a', 0, 'b' }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
			.withMessageContaining("NUL");
	}

	@Test
	void deliverCurrentHandsOverTheValueFoundAtStart() throws Exception {
		reg("add", this.key, "/v", "Current", "/t", "REG_SZ", "/d", "already there", "/f");
		RegistryOptions options = options("Current");
		options.setDeliverCurrent(true);
		RecordingListener listener = this.open
			.startServer(spec(Role.INBOUND, "Current").option(RegistryOptions.class, options).build());
		assertThat(listener.nextText(WAIT)).isEqualTo("already there");
		RecordingListener quiet = this.open.startServer(spec(Role.INBOUND, "Current").build());
		reg("add", this.key, "/v", "Current", "/t", "REG_SZ", "/d", "next", "/f");
		assertThat(quiet.nextText(WAIT)).isEqualTo("next");
		assertThat(listener.nextText(WAIT)).isEqualTo("next");
	}

	@Test
	void aDeletedKeyIsWatchedAgainOnceRecreated() throws Exception {
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "Survivor").build());
		reg("add", this.key, "/v", "Survivor", "/t", "REG_SZ", "/d", "before", "/f");
		assertThat(listener.nextText(WAIT)).isEqualTo("before");
		reg("delete", this.key, "/f");
		IpcClient client = this.open.client(spec(Role.OUTBOUND, "Survivor").build());
		// the watcher re-creates the key; a write may race with that, so write until seen
		RecordingListener.Received received = null;
		for (int i = 0; i < 50 && received == null; i++) {
			client.send("after".getBytes(StandardCharsets.UTF_8));
			received = listener.poll(Duration.ofMillis(200));
		}
		assertThat(received).isNotNull();
		assertThat(received.text()).isEqualTo("after");
	}

	@Test
	void stopIsPrompt() throws Exception {
		IpcServer server = this.transport.createServer(spec(Role.INBOUND, "Stop").build());
		this.open.closeLast(server);
		server.start(new RecordingListener());
		long start = System.nanoTime();
		server.close();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	private EndpointSpec.Builder spec(Role role, String value) {
		return EndpointSpec.builder("test", "registry", role, this.key).option(RegistryOptions.class, options(value));
	}

	private static RegistryOptions options(String value) {
		RegistryOptions options = new RegistryOptions();
		options.setValue(value);
		return options;
	}

	/**
	 * Run Wine's (or Windows') reg.exe; its output. Deleting what is not there is fine.
	 */
	private static String reg(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("reg.exe"));
		command.addAll(List.of(args));
		try (PeerProcess reg = PeerProcess.command(command)) {
			int exit = reg.awaitExit(PEER);
			if (exit != 0 && !args[0].equals("delete")) {
				throw new AssertionError(
						"reg.exe " + String.join(" ", args) + " exited with " + exit + "\n" + reg.output());
			}
			return String.join("\n", reg.linesSoFar());
		}
	}

}
