package io.ipcstarter.transport.com;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The {@code com} outbound gateway run for real inside a Windows JVM (under Wine here:
 * Wine's own automation servers, not Microsoft's), against {@code Scripting.Dictionary}
 * (in-process), {@code MSScriptControl.ScriptControl} (dates, currency, a VBScript
 * {@code Err.Raise}) and {@code InternetExplorer.Application} (an out-of-process server,
 * {@code iexplore.exe -embedding}).
 * <p>
 * The out-of-process test runs last and may take its time: starting {@code iexplore.exe}
 * under Wine on a loaded machine once took longer than the default reply timeout, and the
 * half-started server then left Wine's RPC service refusing the running-object tests that
 * came after it (0x800706BA). Any {@code iexplore.exe} left behind is killed at the end.
 */
@WindowsTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComWindowsTests {

	private final ComTransport transport = new ComTransport();

	private final List<IpcClient> clients = new ArrayList<>();

	@AfterEach
	void closeAll() {
		this.clients.forEach(IpcClient::close);
	}

	@AfterAll
	static void killLeftOverServers() {
		ProcessHandle.allProcesses()
			.filter((p) -> p.info().command().orElse("").toLowerCase().endsWith("iexplore.exe"))
			.forEach(ProcessHandle::destroyForcibly);
	}

	@Test
	void methodsGetsAndPutsOnADictionaryReturnJson() throws Exception {
		IpcClient dictionary = client("Scripting.Dictionary");
		assertThat(call(dictionary, "{\"call\":\"Add\",\"args\":[\"a\",\"x\"]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Add\",\"args\":[\"b\",42]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"kind\":\"put\",\"args\":[\"c\",true]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"kind\":\"put\",\"args\":[\"d\",null]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"kind\":\"put\",\"args\":[\"e\",2.5]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"kind\":\"get\",\"args\":[\"a\"]}")).isEqualTo("\"x\"");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"args\":[\"b\"]}")).isEqualTo("42");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"args\":[\"c\"]}")).isEqualTo("true");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"args\":[\"d\"]}")).isEqualTo("null");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"args\":[\"e\"]}")).isEqualTo("2.5");
		assertThat(call(dictionary, "{\"call\":\"Count\",\"kind\":\"get\"}")).isEqualTo("5");
		assertThat(call(dictionary, "{\"call\":\"Keys\"}")).isEqualTo("[\"a\",\"b\",\"c\",\"d\",\"e\"]");
		assertThat(call(dictionary, "{\"call\":\"Items\"}")).isEqualTo("[\"x\",42,true,null,2.5]");
		assertThat(call(dictionary, "{\"call\":\"Exists\",\"args\":[\"zz\"]}")).isEqualTo("false");
	}

	@Test
	void aServerErrorBecomesTheReplyErrorAndTheObjectKeepsServing() throws Exception {
		IpcClient dictionary = client("Scripting.Dictionary");
		call(dictionary, "{\"call\":\"Add\",\"args\":[\"a\",1]}");
		// Windows' scrrun describes it ("This key is already associated with an element
		// of this collection"); Wine's leaves EXCEPINFO's description empty, so the
		// reply names the server's code
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> call(dictionary, "{\"call\":\"Add\",\"args\":[\"a\",2]}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.HANDLER))
			.withMessageContaining("Scripting.Dictionary: Add (method) failed")
			.withMessageContaining("800A01C9");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(dictionary, "{\"call\":\"Nope\"}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.HANDLER))
			.withMessageContaining("no member 'Nope'");
		assertThat(call(dictionary, "{\"call\":\"Item\",\"args\":[\"a\"]}")).isEqualTo("1");
	}

	@Test
	void malformedCallsAreRefusedBeforeReachingTheServer() throws Exception {
		IpcClient dictionary = client("Scripting.Dictionary");
		for (String bad : new String[] { "garbage", "{\"call\":1}", "{\"call\":\"Add\",\"args\":[[1]]}",
				"{\"call\":\"Add\",\"extra\":1}", "{\"call\":\"Item\",\"kind\":\"put\"}",
				"{\"call\":\"Item\",\"kind\":\"set\"}", "[\"Add\"]", "{\"call\":\"Add\"" }) {
			assertThatExceptionOfType(IpcException.class).as(bad)
				.isThrownBy(() -> call(dictionary, bad))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
				.withMessageStartingWith("Not a COM call");
		}
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(() -> dictionary.request(new byte[] { (byte) 0xC3, 0x28 }))
			.withMessageContaining("not UTF-8");
		assertThat(call(dictionary, "{\"call\":\"Count\"}")).isEqualTo("0");
	}

	@Test
	void scriptControlResultsDatesCurrencyAndARaisedError() throws Exception {
		IpcClient script = client("MSScriptControl.ScriptControl");
		call(script, "{\"call\":\"Language\",\"kind\":\"put\",\"args\":[\"VBScript\"]}");
		assertThat(call(script, "{\"call\":\"Eval\",\"args\":[\"CDate(\\\"2020-01-02 03:04:05\\\")\"]}"))
			.isEqualTo("\"2020-01-02T03:04:05\"");
		assertThat(call(script, "{\"call\":\"Eval\",\"args\":[\"CCur(1.25)\"]}")).isEqualTo("1.2500");
		assertThat(call(script, "{\"call\":\"Eval\",\"args\":[\"Array(1, \\\"two\\\")\"]}")).isEqualTo("[1,\"two\"]");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(script,
				"{\"call\":\"ExecuteStatement\",\"args\":[\"Err.Raise 5000, \\\"Orders\\\", \\\"No such order\\\"\"]}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.HANDLER))
			.withMessageContaining("800A1388"); // 5000 in VB's facility
		assertThatExceptionOfType(IpcException.class)
			.isThrownBy(
					() -> call(script, "{\"call\":\"Eval\",\"args\":[\"CreateObject(\\\"Scripting.Dictionary\\\")\"]}"))
			.withMessageContaining("is an object, which has no JSON form");
	}

	@Test
	@Order(Integer.MAX_VALUE)
	void anOutOfProcessServerIsCalledInItsOwnProcess() throws Exception {
		assumeWinesRpcServiceAnswers();
		IpcClient browser = client(
				EndpointSpec.builder("test", "com", Role.OUTBOUND_GATEWAY, "InternetExplorer.Application")
					.replyTimeout(Duration.ofSeconds(60))
					.build());
		assertThat(call(browser, "{\"call\":\"Visible\",\"kind\":\"put\",\"args\":[false]}")).isEqualTo("null");
		assertThat(call(browser, "{\"call\":\"Visible\",\"kind\":\"get\"}")).isEqualTo("false");
		assertThat(call(browser, "{\"call\":\"Busy\",\"kind\":\"get\"}")).isEqualTo("false");
		assertThat(ProcessHandle.allProcesses()
			.map((p) -> p.info().command().orElse("").toLowerCase())
			.anyMatch((command) -> command.endsWith("iexplore.exe"))).as("an iexplore.exe process serves the object")
			.isTrue();
	}

	@Test
	void attachingToARunningObjectWhenNoneRunsFailsClearly() {
		assumeWinesRpcServiceAnswers();
		ComOptions options = new ComOptions();
		options.setAttach(ComOptions.Attach.RUNNING);
		IpcClient client = client(EndpointSpec.builder("test", "com", Role.OUTBOUND_GATEWAY, "Scripting.Dictionary")
			.option(ComOptions.class, options)
			.build());
		assertThat(client.address()).isEqualTo("Scripting.Dictionary (running object)");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(client, "{\"call\":\"Count\"}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.IO))
			.withMessageContaining("no running object of Scripting.Dictionary (GetActiveObject)")
			.withMessageContaining("800401E3");
	}

	@Test
	void attachingReachesTheObjectASecondWindowsJvmRegisteredAsRunning() throws Exception {
		assumeWinesRpcServiceAnswers();
		ComOptions options = new ComOptions();
		options.setAttach(ComOptions.Attach.RUNNING);
		IpcClient client = client(EndpointSpec.builder("test", "com", Role.OUTBOUND_GATEWAY, "Scripting.Dictionary")
			.option(ComOptions.class, options)
			.build());
		try (PeerProcess peer = PeerProcess.java(RunningObjectPeerMain.class, "120")) {
			peer.await("ready", Duration.ofSeconds(90));
			assertThat(call(client, "{\"call\":\"Item\",\"args\":[\"owner\"]}")).isEqualTo("\"peer\"");
			call(client, "{\"call\":\"Add\",\"args\":[\"from\",\"test\"]}");
			assertThat(call(client, "{\"call\":\"Count\"}")).isEqualTo("2");
			peer.kill();
			// its server gone, the object is released: this call fails, and the next
			// finds nothing running
			assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(client, "{\"call\":\"Count\"}"))
				.satisfies((ex) -> assertThat(ex.reason()).isIn(ErrorReason.IO, ErrorReason.TIMEOUT));
			assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(client, "{\"call\":\"Count\"}"))
				.withMessageContaining("no running object of Scripting.Dictionary");
		}
	}

	@Test
	void anUnregisteredClassFailsEachCallNamingIt() {
		IpcClient client = client("Acme.NotInstalled");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(client, "{\"call\":\"Count\"}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.IO))
			.withMessageContaining("'Acme.NotInstalled' is not a registered ProgID or CLSID");
	}

	@Test
	void aHangingCallTimesOutAfterReplyTimeout() throws Exception {
		IpcClient script = client(
				EndpointSpec.builder("test", "com", Role.OUTBOUND_GATEWAY, "MSScriptControl.ScriptControl")
					.replyTimeout(Duration.ofMillis(500))
					.build());
		call(script, "{\"call\":\"Language\",\"kind\":\"put\",\"args\":[\"JScript\"]}");
		call(script, "{\"call\":\"Timeout\",\"kind\":\"put\",\"args\":[-1]}");
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> call(script,
				"{\"call\":\"Eval\",\"args\":[\"var t = new Date().getTime(); while (new Date().getTime() - t < 3000) {} 1\"]}"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining("did not return within reply-timeout 500ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
	}

	/**
	 * Out-of-process COM needs Wine's RPC service ({@code rpcss.exe}). In two CI runs of
	 * the whole Windows suite it was gone by the time this class ran (every
	 * running-object call: {@code RPC server unavailable, 0x800706BA}; activating
	 * {@code iexplore.exe}: class not registered after 30 s), while the same tests pass
	 * on their own and in most runs. The cause was ours: closing a peer that had already
	 * exited killed its "descendants", and the JDK's descendants of an exited process are
	 * every process whose parent id is its old pid; once Wine handed out the id of
	 * {@code services.exe}'s long-gone parent again, closing that peer ended
	 * {@code services.exe} and {@code rpcss.exe} (PeerProcess now keeps only processes
	 * started after the peer). The probe stays, so that a Wine session without the
	 * service skips these tests with the reason in the report rather than failing them.
	 */
	private void assumeWinesRpcServiceAnswers() {
		ComOptions options = new ComOptions();
		options.setAttach(ComOptions.Attach.RUNNING);
		IpcClient probe = client(EndpointSpec.builder("probe", "com", Role.OUTBOUND_GATEWAY, "Scripting.Dictionary")
			.option(ComOptions.class, options)
			.build());
		try {
			call(probe, "{\"call\":\"Count\"}");
		}
		catch (Exception ex) {
			assumeFalse(String.valueOf(ex.getMessage()).contains("800706BA"),
					"Wine's RPC service (rpcss.exe) does not answer in this Wine session: " + ex.getMessage());
		}
	}

	private IpcClient client(String address) {
		return client(EndpointSpec.builder("test", "com", Role.OUTBOUND_GATEWAY, address).build());
	}

	private IpcClient client(EndpointSpec spec) {
		this.transport.validate(spec);
		IpcClient client = this.transport.createClient(spec);
		this.clients.add(client);
		return client;
	}

	private static String call(IpcClient client, String json) throws Exception {
		return new String(client.request(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
	}

}
