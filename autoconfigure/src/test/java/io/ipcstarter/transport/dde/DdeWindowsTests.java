package io.ipcstarter.transport.dde;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

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
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * DDE through DDEML, run for real inside a Windows JVM (under Wine here, with its null
 * graphics driver: protocol logic and JNA mappings are checked, not real Windows),
 * against a second Windows JVM: a DDE server written straight against DDEML, or our
 * client.
 */
@WindowsTest
class DdeWindowsTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final Duration PEER = Duration.ofSeconds(90);

	private final DdeTransport transport = new DdeTransport();

	private final String service = "IpcTest" + (System.nanoTime() % 1_000_000_000L);

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void ourClientPokesRequestsAndExecutesAgainstADdemlServerInASecondJvm() throws Exception {
		PeerProcess server = peer("server");
		server.await("ready", PEER);
		IpcClient pokes = client(spec(Role.OUTBOUND, "R1C1", DdeOperation.REQUEST));
		pokes.send("42".getBytes(StandardCharsets.UTF_8));
		assertThat(server.await("poked", WAIT)).isEqualTo("R1C1 42");
		pokes.send("7".getBytes(StandardCharsets.UTF_8), Map.of(DdeTransport.ITEM_HEADER, "R2C2"));
		assertThat(server.await("poked", WAIT)).isEqualTo("R2C2 7");
		IpcClient requests = client(spec(Role.OUTBOUND_GATEWAY, "price", DdeOperation.REQUEST));
		assertThat(new String(requests.request(new byte[0]), StandardCharsets.UTF_8)).isEqualTo("value of price");
		IpcClient executes = client(spec(Role.OUTBOUND_GATEWAY, null, DdeOperation.EXECUTE));
		assertThat(executes.request("[Open(\"a.xls\")]".getBytes(StandardCharsets.UTF_8))).isEmpty();
		assertThat(server.await("executed", WAIT)).isEqualTo("[Open(\"a.xls\")]");
	}

	@Test
	void ourAdviseLoopDeliversEachChangeOfTheItem() throws Exception {
		PeerProcess server = peer("server");
		server.await("ready", PEER);
		RecordingListener listener = this.open.startServer(spec(Role.INBOUND, "price", DdeOperation.REQUEST).build());
		// the loop is up once the first change arrives; the server repeats until then
		String first = null;
		for (int i = 0; i < 50 && first == null; i++) {
			server.tell("set price p0");
			server.await("set", WAIT);
			RecordingListener.Received received = listener.poll(Duration.ofMillis(200));
			first = (received != null) ? received.text() : null;
		}
		assertThat(first).isEqualTo("p0");
		listener.messages().clear();
		for (int i = 1; i <= 3; i++) {
			server.tell("set price p" + i);
			server.await("set", WAIT);
			RecordingListener.Received received = listener.next(WAIT);
			assertThat(received.text()).isEqualTo("p" + i);
			assertThat(received.attributes().get(DdeServer.ITEM)).isEqualTo("price");
		}
	}

	@Test
	void ourServerAnswersAClientInASecondJvm() throws Exception {
		RecordingListener listener = RecordingListener
			.answering((request) -> ("answer to " + new String(request, StandardCharsets.UTF_8))
				.getBytes(StandardCharsets.UTF_8));
		this.open.startServer(spec(Role.INBOUND_GATEWAY, null, DdeOperation.REQUEST).build(), listener);
		PeerProcess client = peer("client");
		client.tell("request total");
		assertThat(client.await("reply", PEER)).isEqualTo("answer to total");
		RecordingListener.Received request = listener.next(WAIT);
		assertThat(Map.<String, Object>copyOf(request.attributes())).containsEntry(DdeServer.ITEM, "total")
			.containsEntry(DdeServer.OPERATION, "request");
		client.tell("poke R1C1 hello");
		client.await("poked", WAIT);
		RecordingListener.Received poke = listener.next(WAIT);
		assertThat(poke.text()).isEqualTo("hello");
		assertThat(Map.<String, Object>copyOf(poke.attributes())).containsEntry(DdeServer.OPERATION, "poke")
			.containsEntry(DdeServer.ITEM, "R1C1");
		client.tell("execute [Recalc]");
		client.await("executed", WAIT);
		RecordingListener.Received execute = listener.next(WAIT);
		assertThat(execute.text()).isEqualTo("[Recalc]");
		assertThat(Map.<String, Object>copyOf(execute.attributes())).containsEntry(DdeServer.OPERATION, "execute");
	}

	@Test
	void aServiceNobodyRegisteredIsPeerRejectedNamingIt() {
		IpcClient client = client(spec(Role.OUTBOUND, "R1C1", DdeOperation.REQUEST));
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[] { 1 }))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.PEER_REJECTED))
			.withMessageContaining(this.service);
	}

	@Test
	void anAdviseLoopSurvivesOversizeDataAndTheServersDeathAndReconnects() throws Exception {
		PeerProcess server = peer("server");
		server.await("ready", PEER);
		RecordingListener listener = this.open
			.startServer(spec(Role.INBOUND, "price", DdeOperation.REQUEST).maxMessageSize(100)
				.reconnect(Duration.ofMillis(100), Duration.ofMillis(500))
				.build());
		awaitLoop(server, listener);
		server.tell("set-big price 101");
		server.await("set", WAIT);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		server.tell("set price after");
		server.await("set", WAIT);
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		server.kill(); // dies mid-conversation
		assertThat(listener.nextError(WAIT).reason()).isIn(ErrorReason.IO, ErrorReason.PEER_REJECTED);
		PeerProcess second = peer("server");
		second.await("ready", PEER);
		listener.drainErrors();
		awaitLoop(second, listener);
	}

	@Test
	void aClientWhoseServerDiedFailsThenReachesTheNextServer() throws Exception {
		PeerProcess server = peer("server");
		server.await("ready", PEER);
		IpcClient pokes = client(spec(Role.OUTBOUND, "R1C1", DdeOperation.REQUEST));
		pokes.send("1".getBytes(StandardCharsets.UTF_8));
		assertThat(server.await("poked", WAIT)).isEqualTo("R1C1 1");
		server.kill();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> pokes.send("2".getBytes(StandardCharsets.UTF_8)))
			.satisfies((ex) -> assertThat(ex.reason()).isIn(ErrorReason.IO, ErrorReason.PEER_REJECTED,
					ErrorReason.TIMEOUT));
		PeerProcess second = peer("server");
		second.await("ready", PEER);
		pokes.send("3".getBytes(StandardCharsets.UTF_8));
		assertThat(second.await("poked", WAIT)).isEqualTo("R1C1 3");
	}

	@Test
	void ourServerAnswersNotProcessedWhenTheFlowFailsOrTheDataIsOversizeAndGoesOn() throws Exception {
		RecordingListener listener = RecordingListener.answering((request) -> {
			if (new String(request, StandardCharsets.UTF_8).equals("broken")) {
				throw new IllegalStateException("the flow failed");
			}
			return "fine".getBytes(StandardCharsets.UTF_8);
		});
		this.open.startServer(spec(Role.INBOUND_GATEWAY, null, DdeOperation.REQUEST).maxMessageSize(10).build(),
				listener);
		PeerProcess client = peer("client");
		client.tell("request broken");
		assertThat(client.await("failed", PEER)).contains("DMLERR_NOTPROCESSED");
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.HANDLER);
		client.tell("poke R1C1 " + "x".repeat(11));
		// answered DDE_FNOTPROCESSED; under Wine the poking client was seen to get an
		// acknowledgement all the same, so only our side is asserted
		client.awaitLine(
				(line) -> line.equals(PeerProcess.SAID + "poked") || line.startsWith(PeerProcess.SAID + "failed"),
				"the poke's outcome", WAIT);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		// the failed request only: the oversize poke was not delivered
		assertThat(listener.messages()).hasSize(1);
		client.tell("request ok");
		assertThat(client.await("reply", WAIT)).isEqualTo("fine");
	}

	/** The loop is up once a change arrives; the server repeats its change until then. */
	private static void awaitLoop(PeerProcess server, RecordingListener listener) throws Exception {
		String first = null;
		for (int i = 0; i < 100 && first == null; i++) {
			server.tell("set price up");
			server.await("set", WAIT);
			RecordingListener.Received received = listener.poll(Duration.ofMillis(200));
			first = (received != null) ? received.text() : null;
		}
		assertThat(first).isEqualTo("up");
		listener.messages().clear();
	}

	private PeerProcess peer(String mode) throws Exception {
		PeerProcess peer = PeerProcess.java(DdePeerMain.class, mode, this.service, "Sheet1");
		this.open.closeFirst(peer);
		return peer;
	}

	private IpcClient client(EndpointSpec.Builder builder) {
		return this.open.client(builder.build());
	}

	private EndpointSpec.Builder spec(Role role, String item, DdeOperation operation) {
		DdeOptions options = new DdeOptions();
		options.setItem(item);
		options.setOperation(operation);
		return EndpointSpec.builder("test", "dde", role, this.service + "|Sheet1")
			.sendTimeout(Duration.ofSeconds(5))
			.option(DdeOptions.class, options);
	}

}
