package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What {@code message-queue} decides on its own: the role and option checks, the default
 * message size, the permissions a created queue gets, the backlog while a reader is busy,
 * and one client sending from many threads at once.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX message queues are used on Linux only")
class MessageQueueTransportTests {

	private final MessageQueueTransport transport = new MessageQueueTransport();

	private final String queue = "/ipc-unit-" + UUID.randomUUID();

	@AfterEach
	void unlink() {
		PosixMessageQueues.get().mq_unlink(this.queue);
	}

	@Test
	void worksOnLinuxAndRefusesGatewaysWithTheReason() {
		assertThat(this.transport.unsupportedReason()).isNull();
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.INBOUND, Role.OUTBOUND);
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.OUTBOUND_GATEWAY, new MessageQueueOptions()).build()))
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e.role"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("use unix-socket or named-pipe"))
			.withMessageContaining("no way back to one caller");
	}

	@Test
	void badOptionsAreRefusedNamingTheKey() {
		MessageQueueOptions priority = new MessageQueueOptions();
		priority.setPriority(32768);
		assertInvalid(spec(Role.OUTBOUND, priority), "message-queue.priority");
		MessageQueueOptions depth = new MessageQueueOptions();
		depth.setMaxMessages(0);
		assertInvalid(spec(Role.INBOUND, depth), "message-queue.max-messages");
		assertInvalid(spec(Role.INBOUND, new MessageQueueOptions()).allowedUids(Set.of(0)), "allowed-uids");
	}

	@Test
	void defaultMaxMessageSizeMeansTheKernelsMessageSizeAndAnExplicitOneIsKept() {
		int sizeMax = MessageQueue.readLimit(MessageQueue.MSGSIZE_MAX, -1);
		assertThat(MessageQueue.limit(spec(Role.INBOUND, new MessageQueueOptions()).build()))
			.isEqualTo(Math.min(sizeMax, EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE));
		assertThat(MessageQueue.limit(spec(Role.INBOUND, new MessageQueueOptions()).maxMessageSize(100).build()))
			.isEqualTo(100);
	}

	@Test
	void permissionsBecomeTheModeBits() {
		assertThat(MessageQueue.mode(PosixFilePermissions.fromString("rw-------"))).isEqualTo(0600);
		assertThat(MessageQueue.mode(PosixFilePermissions.fromString("rw-rw----"))).isEqualTo(0660);
		assertThat(MessageQueue.mode(PosixFilePermissions.fromString("rwxr-xr-x"))).isEqualTo(0755);
	}

	@Test
	void aCreatedQueueHasExactlyThePermissionsAndTheAttributesAskedFor() throws Exception {
		MessageQueueOptions options = new MessageQueueOptions();
		options.setMaxMessages(5);
		EndpointSpec spec = spec(Role.INBOUND, options).permissions(PosixFilePermissions.fromString("rw-rw----"))
			.maxMessageSize(4000)
			.build();
		try (MessageQueue q = MessageQueue.open(spec, 5, true)) {
			assertThat(q.created()).isTrue();
			assertThat(q.maxMessages()).isEqualTo(5);
			assertThat(q.messageSize()).isEqualTo(4000);
			assertThat(Files.readSymbolicLink(Path.of("/proc/self/fd/" + q.descriptor()))).hasToString(this.queue);
			String mode = Files.getAttribute(Path.of("/proc/self/fd/" + q.descriptor()), "unix:mode").toString();
			assertThat(Integer.parseInt(mode) & 0777).as("mode, whatever the umask").isEqualTo(0660);
			try (MessageQueue again = MessageQueue.open(spec(Role.OUTBOUND, options).build(), 10, false)) {
				assertThat(again.created()).as("found, not created").isFalse();
				assertThat(again.maxMessages()).as("its own attributes").isEqualTo(5);
			}
		}
	}

	@Test
	void backlogCountsWhatWaitsWhileTheReaderIsBusy() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		RecordingListener listener = new RecordingListener((request) -> {
			release.await(10, TimeUnit.SECONDS);
			return null;
		});
		try (IpcServer server = this.transport.createServer(spec(Role.INBOUND, new MessageQueueOptions()).build());
				IpcClient client = this.transport
					.createClient(spec(Role.OUTBOUND, new MessageQueueOptions()).build())) {
			server.start(listener);
			assertThat(server.backlog()).isZero();
			client.send(bytes("in hand"));
			await().atMost(Duration.ofSeconds(10)).until(() -> server.backlog() == 0);
			for (int i = 0; i < 3; i++) {
				client.send(bytes("waiting " + i));
			}
			assertThat(server.backlog()).isEqualTo(3);
			release.countDown();
			await().atMost(Duration.ofSeconds(10)).until(() -> server.backlog() == 0);
			server.close();
			assertThat(server.backlog()).as("closed").isEqualTo(-1);
		}
	}

	@Test
	void oneClientSharedByManyThreadsDeliversEveryMessageIntactAndInOrderPerThread() throws Exception {
		// the threads share the client's few send buffers, which grow with the sizes
		int threads = 8;
		int each = 300;
		RecordingListener listener = new RecordingListener();
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try (IpcServer server = this.transport.createServer(spec(Role.INBOUND, new MessageQueueOptions()).build());
				IpcClient client = this.transport
					.createClient(spec(Role.OUTBOUND, new MessageQueueOptions()).build())) {
			server.start(listener);
			List<Callable<Void>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				tasks.add(() -> {
					for (int i = 0; i < each; i++) {
						client.send(message(thread, i));
					}
					return null;
				});
			}
			for (Future<Void> sent : pool.invokeAll(tasks, 60, TimeUnit.SECONDS)) {
				sent.get();
			}
			int[] nextOf = new int[threads];
			for (int n = 0; n < threads * each; n++) {
				byte[] payload = listener.next().payload();
				int thread = payload[0];
				int i = nextOf[thread]++;
				assertThat(payload).as("message " + i + " of thread " + thread).isEqualTo(message(thread, i));
			}
			assertThat(listener.errors()).isEmpty();
		}
		finally {
			pool.shutdownNow();
		}
	}

	/** 1 to about 4000 bytes, different in every byte from the messages around it. */
	private static byte[] message(int thread, int i) {
		byte[] message = new byte[1 + (i * 997 + thread * 131) % 4000];
		message[0] = (byte) thread;
		for (int b = 1; b < message.length; b++) {
			message[b] = (byte) (i * 31 + b * 7 + thread);
		}
		return message;
	}

	private EndpointSpec.Builder spec(Role role, MessageQueueOptions options) {
		return EndpointSpec.builder("e", "message-queue", role, this.queue).option(MessageQueueOptions.class, options);
	}

	private void assertInvalid(EndpointSpec.Builder spec, String key) {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec.build()))
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e." + key));
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
