package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A C peer written from {@code docs/wire-formats.md} ({@code src/test/c/mq_peer.c}, built
 * with gcc into {@code target/}) sending to and receiving from a Java endpoint's queue,
 * priorities included, and messages that outlive the process that sent them.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX message queues are used on Linux only")
class MessageQueueCrossProcessTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static Path peer;

	private final MessageQueueTransport transport = new MessageQueueTransport();

	private final List<AutoCloseable> opened = new ArrayList<>();

	private final String queue = "/ipc-cross-" + UUID.randomUUID();

	@BeforeAll
	static void buildPeer() throws Exception {
		// built once per test JVM, with gcc's messages when it does not build
		peer = CPeers.build("mq_peer", "-lrt");
	}

	@AfterEach
	void closeAndUnlink() throws Exception {
		for (int i = this.opened.size() - 1; i >= 0; i--) {
			this.opened.get(i).close();
		}
		PosixMessageQueues.get().mq_unlink(this.queue);
	}

	@Test
	void javaInboundReceivesFromACPeerHigherPriorityFirstAfterTheSenderExited() throws Exception {
		// the C peer creates the queue, sends and exits before any reader exists: the
		// kernel keeps the messages
		PeerProcess.run(peer.toString(), "send", this.queue, "1", "low-1", "low-2");
		PeerProcess.run(peer.toString(), "send", this.queue, "5", "high");
		RecordingListener listener = new RecordingListener();
		server().start(listener);
		RecordingListener.Received first = listener.next();
		assertThat(first.text()).isEqualTo("high");
		assertThat(first.attributes().get("priority")).isEqualTo(5);
		assertThat(first.peer().id()).isEqualTo("mq:" + this.queue);
		assertThat(listener.nextText()).isEqualTo("low-1");
		assertThat(listener.nextText()).isEqualTo("low-2");
		try (PeerProcess c = PeerProcess.command(peer.toString(), "send", this.queue, "0", "while-reading")) {
			assertThat(listener.nextText(WAIT)).isEqualTo("while-reading");
			c.awaitLineEqualTo("done", WAIT);
		}
		assertThat(listener.drainErrors()).isEmpty();
	}

	@Test
	void cPeerReceivesFromJavaOutboundHigherPriorityFirst() throws Exception {
		IpcClient normal = client(0);
		IpcClient urgent = client(9);
		for (int i = 0; i < 5; i++) {
			normal.send(("normal-" + i).getBytes(StandardCharsets.UTF_8));
		}
		urgent.send("urgent".getBytes(StandardCharsets.UTF_8));
		try (PeerProcess c = PeerProcess.command(peer.toString(), "receive", this.queue, "1006")) {
			c.awaitLineEqualTo("ready", WAIT);
			assertThat(c.nextLine(WAIT)).isEqualTo("9 urgent");
			for (int i = 0; i < 5; i++) {
				assertThat(c.nextLine(WAIT)).isEqualTo("0 normal-" + i);
			}
			// more than the queue holds: the sender waits for the C reader
			for (int i = 0; i < 1000; i++) {
				normal.send(("m" + i).getBytes(StandardCharsets.UTF_8));
			}
			for (int i = 0; i < 1000; i++) {
				assertThat(c.nextLine(WAIT)).isEqualTo("0 m" + i);
			}
			c.awaitLineEqualTo("done", WAIT);
		}
	}

	@Test
	void messagesSurviveTheKillOfTheirSenderAndAKilledReaderLosesOnlyWhatItHadTaken() throws Exception {
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 15; i++) {
			texts.add("s" + i);
		}
		List<String> command = new ArrayList<>(List.of(peer.toString(), "send", this.queue, "0"));
		command.addAll(texts);
		EndpointSpec probeSpec = EndpointSpec.builder("probe", "message-queue", Role.INBOUND, this.queue).build();
		try (PeerProcess sender = PeerProcess.command(command)) {
			// the C peer creates the queue (10 deep, the kernel's default) and blocks on
			// the 11th message
			await().atMost(WAIT).ignoreExceptions().until(() -> {
				try (MessageQueue probe = MessageQueue.open(probeSpec, 10, true)) {
					return probe.currentMessages() == 10;
				}
			});
			sender.kill();
		}
		RecordingListener listener = new RecordingListener();
		IpcServer server = server();
		server.start(listener);
		for (int i = 0; i < 10; i++) {
			assertThat(listener.nextText()).isEqualTo("s" + i);
		}
		assertThat(listener.poll(Duration.ofMillis(200))).as("the 11th was never sent").isNull();
		server.close();

		IpcClient client = client(0);
		try (PeerProcess reader = PeerProcess.command(peer.toString(), "receive", this.queue, "100")) {
			reader.awaitLineEqualTo("ready", WAIT);
			for (int i = 0; i < 3; i++) {
				client.send(("taken-" + i).getBytes(StandardCharsets.UTF_8));
				assertThat(reader.nextLine(WAIT)).isEqualTo("0 taken-" + i);
			}
			reader.kill(); // SIGKILL while it waits in mq_timedreceive
		}
		client.send("after".getBytes(StandardCharsets.UTF_8));
		RecordingListener next = new RecordingListener();
		server().start(next);
		assertThat(next.nextText()).as("what the killed reader had taken is gone; the rest waits").isEqualTo("after");
		assertThat(next.poll(Duration.ofMillis(200))).isNull();
	}

	private IpcServer server() {
		EndpointSpec spec = EndpointSpec.builder("in", "message-queue", Role.INBOUND, this.queue).build();
		this.transport.validate(spec);
		return track(this.transport.createServer(spec));
	}

	private IpcClient client(int priority) {
		MessageQueueOptions options = new MessageQueueOptions();
		options.setPriority(priority);
		EndpointSpec spec = EndpointSpec.builder("out" + priority, "message-queue", Role.OUTBOUND, this.queue)
			.option(MessageQueueOptions.class, options)
			.build();
		this.transport.validate(spec);
		return track(this.transport.createClient(spec));
	}

	private <T extends AutoCloseable> T track(T closeable) {
		this.opened.add(closeable);
		return closeable;
	}

}
