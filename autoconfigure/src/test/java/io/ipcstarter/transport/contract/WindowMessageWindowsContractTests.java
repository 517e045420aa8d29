package io.ipcstarter.transport.contract;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The contract for {@code window-message}: WM_COPYDATA to real message-only windows
 * inside the Windows JVM (under Wine in this build; Wine is not Windows), with replies by
 * copydata (the default). No connections and no framing: each message is one WM_COPYDATA.
 * A sender waits while the receiver handles a message, so a receiver that stops handling
 * makes a sender fail after send-timeout. Where the suite expects a timeout for a
 * receiver that is not there, this transport says {@code peer-rejected} naming the window
 * (after looking for it for send-timeout), as its issue asks: those three tests are
 * restated here.
 */
@WindowsTest
class WindowMessageWindowsContractTests extends IpcTransportContractTests {

	private final String prefix = "IpcContract" + UUID.randomUUID().toString().substring(0, 8) + "-";

	private final AtomicInteger windows = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("window-message");
	}

	@Override
	protected String newAddress() {
		return this.prefix + this.windows.incrementAndGet();
	}

	@Override
	protected String absentAddress() {
		return this.prefix + "nobody";
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		EndpointSpec spec = EndpointSpec.builder("raw", "window-message", Role.OUTBOUND, server.address()).build();
		try (IpcClient writer = transport().createClient(spec)) {
			writer.send(raw);
		}
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected boolean usesLengthPrefixFraming() {
		return false;
	}

	@Override
	protected boolean blocksWhenPeerStopsReading() {
		return true;
	}

	@Override
	@Test
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() throws Exception {
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, absentAddress()).sendTimeout(SHORT).build());
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> client.send(bytes("nobody")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertPeerRejected(thrown);
		assertThat(took).as("looks for the window for send-timeout, neither failing at once nor hanging")
			.isGreaterThanOrEqualTo(SHORT.minusMillis(50))
			.isLessThan(SHORT.multipliedBy(6));
	}

	@Override
	@Test
	void requestToAnAbsentPeerFailsWithTimeout() throws Exception {
		IpcClient client = client(clientSpec("client", Role.OUTBOUND_GATEWAY, absentAddress()).sendTimeout(SHORT)
			.replyTimeout(SHORT)
			.build());
		long start = System.nanoTime();
		assertPeerRejected(catchThrowable(() -> client.request(bytes("nobody"))));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(SHORT.multipliedBy(6));
	}

	@Override
	@Test
	void sendWhileTheServerIsDownWaitsForItWithinSendTimeout() throws Exception {
		RecordingListener first = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, first);
		String address = clientAddress(server);
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, address).sendTimeout(SHORT).build());
		client.send(bytes("up"));
		assertThat(first.nextText()).isEqualTo("up");
		server.close();
		Throwable thrown = catchThrowable(() -> client.send(bytes("down")));
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.PEER_REJECTED);
		RecordingListener second = new RecordingListener();
		startServer(serverSpec("server", Role.INBOUND, address).build(), second);
		client.send(bytes("up again"));
		assertThat(second.nextText()).isEqualTo("up again");
	}

	private void assertPeerRejected(Throwable thrown) {
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.PEER_REJECTED);
		assertThat(thrown).hasMessageContaining("No window '" + absentAddress() + "'")
			.hasMessageContaining("send-timeout");
	}

}
