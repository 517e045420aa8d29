package io.ipcstarter.transport.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.datagram.MessageQueueOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * The contract for {@code message-queue}: a fresh queue name per test, unlinked after it.
 * A queue is no connection, carries no length prefix, keeps what is sent while no reader
 * runs (so a send without a reader succeeds until the queue is full) and lets readers
 * share it; it holds messages of at most the kernel's {@code msgsize_max} (8192 bytes
 * unless raised), and the limit is enforced by the sender. The tests that assume
 * otherwise are overridden with what the queue promises instead, or skipped.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX message queues are used on Linux only")
class MessageQueueContractTests extends IpcTransportContractTests {

	private final List<String> queues = new ArrayList<>();

	@Override
	protected IpcTransport transport() {
		return Transports.get("message-queue");
	}

	@Override
	protected String newAddress() {
		String name = "/ipc-test-" + UUID.randomUUID();
		this.queues.add(name);
		return name;
	}

	@Override
	protected String absentAddress() {
		return newAddress();
	}

	@AfterEach
	void unlinkQueues() {
		for (String name : this.queues) {
			PosixMessageQueues.get().mq_unlink(name);
		}
	}

	@Override
	protected boolean keepsMessagesWhileNoReader() {
		return true;
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
	protected boolean sendFailsWithoutPeer() {
		return false;
	}

	@Override
	protected boolean hasExclusiveAddress() {
		return false;
	}

	@Override
	protected int largePayloadSize() {
		return 8192;
	}

	@Test
	@Override
	void oversizeMessageIsReportedAndTheNextOneServed() throws Exception {
		RecordingListener listener = new RecordingListener();
		String address = newAddress();
		// a queue made by a sender for larger messages than its reader takes: the reader
		// drops what is too large
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, address).maxMessageSize(2 * SMALL_LIMIT).build());
		client.send(bytes("before"));
		startServer(serverSpec("server", Role.INBOUND, address).maxMessageSize(SMALL_LIMIT).build(), listener);
		assertThat(listener.nextText()).isEqualTo("before");
		client.send(new byte[SMALL_LIMIT + 1]);
		RecordingListener.Failure failure = listener.awaitError(ErrorReason.OVERSIZE);
		assertThat(failure.cause()).hasMessageContaining(String.valueOf(SMALL_LIMIT));
		client.send(bytes("after"));
		assertThat(listener.nextText()).isEqualTo("after");
		// a sender refuses what does not fit the queue's message size, before sending it
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(new byte[2 * SMALL_LIMIT + 1]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining(String.valueOf(2 * SMALL_LIMIT));
		IpcClient small = client(clientSpec("small", Role.OUTBOUND, address).maxMessageSize(SMALL_LIMIT).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> small.send(new byte[SMALL_LIMIT + 1]))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("max-message-size (" + SMALL_LIMIT);
		assertThat(listener.poll(Duration.ofMillis(100))).as("the oversize messages are not delivered").isNull();
	}

	@Test
	@Override
	void sendToAPeerThatStoppedReadingFailsWithTimeoutAfterSendTimeout() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener((request) -> {
			// stop reading
			release.await(RecordingListener.WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return null;
		});
		IpcServer server = startServer(Role.INBOUND, listener);
		IpcClient client = client(
				clientSpec("client", Role.OUTBOUND, clientAddress(server)).sendTimeout(SHORT).build());
		try {
			// one message in the reader's hands, ten in the queue (max-messages), the
			// next waits and times out
			IpcException timedOut = null;
			int sent = 0;
			while (timedOut == null && sent < 100) {
				long start = System.nanoTime();
				try {
					client.send(bytes("m" + sent));
					sent++;
				}
				catch (IpcException ex) {
					timedOut = ex;
					assertThat(Duration.ofNanos(System.nanoTime() - start)).as("fails after about send-timeout: " + ex)
						.isGreaterThanOrEqualTo(SHORT.minusMillis(50))
						.isLessThan(SHORT.multipliedBy(6));
				}
			}
			assertThat(timedOut).as("a send to a full queue times out").isNotNull();
			assertThat(timedOut.reason()).isEqualTo(ErrorReason.TIMEOUT);
			assertThat(timedOut).hasMessageContaining("send-timeout").hasMessageContaining("full");
			assertThat(sent).isBetween(10, 11);
		}
		finally {
			release.countDown();
		}
	}

	@Test
	@Override
	void sendToAnAbsentPeerFailsWithTimeoutAfterSendTimeout() throws Exception {
		IpcClient client = client(clientSpec("client", Role.OUTBOUND, absentAddress()).sendTimeout(SHORT).build());
		for (int i = 0; i < 10; i++) {
			client.send(bytes("kept until a reader comes " + i));
		}
		long start = System.nanoTime();
		Throwable thrown = catchThrowable(() -> client.send(bytes("beyond max-messages")));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(thrown).isInstanceOf(IpcException.class);
		assertThat(((IpcException) thrown).reason()).isEqualTo(ErrorReason.TIMEOUT);
		assertThat(thrown).hasMessageContaining("send-timeout");
		assertThat(took).isGreaterThanOrEqualTo(SHORT.minusMillis(50)).isLessThan(SHORT.multipliedBy(6));
	}

	@Test
	void competingReadersTogetherTakeEveryMessageOnce() throws Exception {
		RecordingListener one = new RecordingListener();
		RecordingListener two = new RecordingListener();
		IpcServer server = startServer(Role.INBOUND, one);
		startServer(serverSpec("second", Role.INBOUND, server.address()).build(), two);
		IpcClient client = client(Role.OUTBOUND, server);
		int count = 2000;
		for (int i = 0; i < count; i++) {
			client.send(bytes("m" + i));
		}
		await().atMost(RecordingListener.WAIT).until(() -> one.messages().size() + two.messages().size() == count);
		List<String> all = new ArrayList<>();
		one.messages().forEach((r) -> all.add(r.text()));
		two.messages().forEach((r) -> all.add(r.text()));
		assertThat(all).doesNotHaveDuplicates().hasSize(count);
	}

	@Test
	void higherPriorityIsReadFirst() throws Exception {
		String address = newAddress();
		IpcClient low = client(clientSpec("low", Role.OUTBOUND, address).build());
		EndpointSpec urgent = EndpointSpec.builder("urgent", "message-queue", Role.OUTBOUND, address)
			.option(MessageQueueOptions.class, priority(7))
			.build();
		IpcClient high = client(urgent);
		low.send(bytes("low 1"));
		high.send(bytes("high"));
		low.send(bytes("low 2"));
		RecordingListener listener = new RecordingListener();
		startServer(serverSpec("server", Role.INBOUND, address).build(), listener);
		RecordingListener.Received first = listener.next();
		assertThat(first.text()).isEqualTo("high");
		assertThat(first.attributes().get("priority")).isEqualTo(7);
		RecordingListener.Received second = listener.next();
		assertThat(second.text()).isEqualTo("low 1");
		assertThat(second.attributes().get("priority")).isEqualTo(0);
		assertThat(listener.nextText()).isEqualTo("low 2");
	}

	private static MessageQueueOptions priority(int priority) {
		MessageQueueOptions options = new MessageQueueOptions();
		options.setPriority(priority);
		return options;
	}

}
