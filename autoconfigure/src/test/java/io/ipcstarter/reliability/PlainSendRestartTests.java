package io.ipcstarter.reliability;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A plain one-way sender (this JVM) keeps sending while its receiver, a
 * {@link DeliveryPeer} JVM, is killed with -9 and started again on the same address,
 * sometimes at once and sometimes after a pause: no send fails while the receiver is back
 * within {@code send-timeout} (a send whose connection broke is written again on a new
 * one until then), and nothing is handled twice. A receiver that never comes back fails
 * the next send with {@code timeout} once {@code send-timeout} has passed: not earlier,
 * and not later than a little after. The short version runs {@code unix-socket}, the full
 * one {@code tcp} and {@code fifo} too, with more kills.
 */
@Tag("reliability")
class PlainSendRestartTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** Covers a restart: the pause plus the start of a JVM on a loaded machine. */
	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(20);

	/** Sends a second at most: the receiver keeps up, and tcp's buffers stay small. */
	private static final int RATE = 5_000;

	@TempDir
	Path dir;

	private final List<PeerProcess> receivers = new ArrayList<>();

	private final List<IpcClient> clients = new ArrayList<>();

	@AfterEach
	void close() throws InterruptedException {
		this.clients.forEach(IpcClient::close);
		for (PeerProcess receiver : this.receivers) {
			receiver.close();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp", "fifo" })
	void noSendFailsWhileTheReceiverIsKilledAndBackWithinSendTimeout(String transport) throws Exception {
		assumeTrue(Reliability.FULL || transport.equals("unix-socket"), "tcp and fifo run under -Preliability");
		int kills = Reliability.scale(1, 10);
		String address = address(transport);
		receiver(transport, address);
		IpcClient client = client(transport, address, SEND_TIMEOUT);
		Sender sender = new Sender(client);
		sender.start();
		try {
			for (int k = 1; k <= kills; k++) {
				PeerProcess newest = newest();
				await().atMost(WAIT).until(() -> handled(List.of(newest)).size() >= 200);
				newest.kill();
				// every other restart after a pause: the sender's connects are refused
				// meanwhile (on a FIFO: no reader), and it backs off
				if (k % 2 == 0) {
					TimeUnit.MILLISECONDS.sleep(500);
				}
				receiver(transport, address);
			}
			PeerProcess last = newest();
			await().atMost(WAIT).until(() -> handled(List.of(last)).size() >= 200);
		}
		finally {
			sender.finish();
		}
		List<String> handled = handled(this.receivers);
		Set<String> once = new HashSet<>(handled);
		Reliability.report("plain send across " + kills + " receiver restarts, " + transport + ": sent (returned) "
				+ sender.returned.get() + ", failed " + sender.failures.size() + ", handled " + handled.size()
				+ ", handled twice " + (handled.size() - once.size()));
		assertThat(sender.failures).as("sends that failed while the receiver was back within send-timeout").isEmpty();
		assertThat(handled.size() - once.size()).as("plain delivery never sends twice").isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "unix-socket", "tcp", "fifo" })
	void aReceiverThatNeverComesBackFailsTheSendWithTimeoutAfterSendTimeout(String transport) throws Exception {
		assumeTrue(Reliability.FULL || transport.equals("unix-socket"), "tcp and fifo run under -Preliability");
		Duration sendTimeout = Duration.ofSeconds(1);
		String address = address(transport);
		PeerProcess receiver = receiver(transport, address);
		IpcClient client = client(transport, address, sendTimeout);
		client.send(bytes("0"));
		await().atMost(WAIT).until(() -> handled(List.of(receiver)).contains("0"));
		receiver.kill();
		long start = System.nanoTime();
		IpcException failure = catchThrowableOfType(IpcException.class, () -> client.send(bytes("1")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		Reliability.report("plain send to a receiver killed for good, " + transport + ": failed after "
				+ took.toMillis() + " ms: " + ((failure != null) ? failure.getMessage() : "did not fail"));
		assertThat(failure).as("the send after the kill").isNotNull();
		assertThat(failure.reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(failure).hasMessageContaining("send-timeout 1s").hasMessageContaining(address);
		assertThat(took).as("about send-timeout: neither at once nor hanging")
			.isGreaterThanOrEqualTo(sendTimeout.minusMillis(20))
			.isLessThan(sendTimeout.plusSeconds(2));
	}

	private PeerProcess receiver(String transport, String address) throws Exception {
		PeerProcess receiver = PeerProcess.java(DeliveryPeer.class, "receive", transport, address, "plain", "0");
		this.receivers.add(receiver);
		receiver.awaitLine("READY", WAIT);
		return receiver;
	}

	private PeerProcess newest() {
		return this.receivers.get(this.receivers.size() - 1);
	}

	private IpcClient client(String transport, String address, Duration sendTimeout) {
		IpcTransport t = Transports.get(transport);
		EndpointSpec spec = EndpointSpec.builder("out", transport, Role.OUTBOUND, address)
			.sendTimeout(sendTimeout)
			.build();
		t.validate(spec);
		IpcClient client = t.createClient(spec);
		this.clients.add(client);
		return client;
	}

	private String address(String transport) throws IOException {
		if (transport.equals("tcp")) {
			try (ServerSocket free = new ServerSocket(0)) {
				return "127.0.0.1:" + free.getLocalPort();
			}
		}
		return this.dir.resolve(transport.equals("fifo") ? "in.fifo" : "in.sock").toString();
	}

	private static List<String> handled(List<PeerProcess> receivers) {
		List<String> handled = new ArrayList<>();
		for (PeerProcess receiver : List.copyOf(receivers)) {
			for (String line : receiver.linesSoFar()) {
				if (line.startsWith("R ")) {
					handled.add(line.substring(2));
				}
			}
		}
		return handled;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** Sends 0, 1, 2 ... at {@link #RATE} at most until told to finish. */
	private static final class Sender extends Thread {

		private final IpcClient client;

		private final AtomicBoolean done = new AtomicBoolean();

		final AtomicInteger returned = new AtomicInteger();

		final List<String> failures = new CopyOnWriteArrayList<>();

		Sender(IpcClient client) {
			super("plain-sender");
			this.client = client;
			setDaemon(true);
		}

		@Override
		public void run() {
			for (int i = 0; !this.done.get(); i++) {
				try {
					this.client.send(bytes(Integer.toString(i)));
					this.returned.incrementAndGet();
				}
				catch (IOException ex) {
					this.failures.add(i + ": " + ex);
				}
				LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1) / RATE);
			}
		}

		void finish() throws InterruptedException {
			this.done.set(true);
			join(SEND_TIMEOUT.plusSeconds(10).toMillis());
			assertThat(isAlive()).as("the sender finished").isFalse();
		}

	}

}
