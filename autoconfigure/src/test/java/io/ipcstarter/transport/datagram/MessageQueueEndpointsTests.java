package io.ipcstarter.transport.datagram;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.actuate.IpcEndpointActivity;
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code message-queue} transport declared in YAML-style properties, through the
 * Spring Integration endpoints: priority as a header, the backlog, every start-up refusal
 * naming its property, and bad header blocks from a C peer among good messages.
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "POSIX message queues are used on Linux only")
class MessageQueueEndpointsTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static Path peer;

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withUserConfiguration(TestBeans.Received.class);

	private final String queue = "/ipc-yaml-" + UUID.randomUUID();

	@BeforeAll
	static void buildPeer() throws Exception {
		peer = Path.of("target", "mq_peer_endpoints").toAbsolutePath();
		PeerProcess.run("gcc", "-O2", "-Wall", "-Werror", "-o", peer.toString(),
				Path.of("src", "test", "c", "mq_peer.c").toString(), "-lrt");
	}

	@AfterEach
	void unlink() {
		PosixMessageQueues.get().mq_unlink(this.queue);
	}

	@Test
	void outboundFeedsInboundWithItsPriorityAsAHeader() {
		this.runner.withPropertyValues("ipc.defaults.payload-type=text")
			.withPropertyValues(endpoint("in", "inbound", "received"))
			.withPropertyValues(endpoint("out", "outbound", "toSend"))
			.withPropertyValues("ipc.endpoints.out.message-queue.priority=3", "ipc.endpoints.out.headers=json",
					"ipc.endpoints.in.headers=json")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				new MessagingTemplate().send(context.getBean("toSend", MessageChannel.class),
						MessageBuilder.withPayload("hello").setHeader("orderId", "42").build());
				Message<?> received = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(received.getPayload()).isEqualTo("hello");
				assertThat(received.getHeaders()).containsEntry("ipc_transport", "message-queue")
					.containsEntry("ipc_endpoint", "in")
					.containsEntry("ipc_priority", 3)
					.containsEntry("orderId", "42");
				IpcEndpointActivity in = context.getBean(IpcEndpoints.class).get("in");
				assertThat(in.endpoint().getBacklog()).isZero();
			});
	}

	@Test
	void backlogCountsTheMessagesWaitingInTheQueue() throws Exception {
		PeerProcess.run(peer.toString(), "send", this.queue, "0", "a", "b", "c");
		this.runner.withPropertyValues(endpoint("in", "inbound", "received"))
			.withPropertyValues("ipc.endpoints.in.auto-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				IpcEndpointActivity in = context.getBean(IpcEndpoints.class).get("in");
				assertThat(in.endpoint().getBacklog()).as("not started: cannot tell").isEqualTo(-1);
				in.start();
				QueueChannel received = context.getBean("received", QueueChannel.class);
				for (int i = 0; i < 3; i++) {
					assertThat(received.receive(10_000)).isNotNull();
				}
				assertThat(in.endpoint().getBacklog()).isZero();
			});
	}

	@Test
	void gatewayRolesAreRefusedNamingRole() {
		this.runner.withPropertyValues(endpoint("rpc", "inbound-gateway", "requests"))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.rpc.role")
				.hasMessageContaining("inbound-gateway")
				.hasMessageContaining("no way back to one caller"));
	}

	@Test
	void queueDeeperThanTheKernelAllowsFailsStartupWithTheLimitFromProc() throws Exception {
		int msgMax = MessageQueue.readLimit(MessageQueue.MSG_MAX, -1);
		assertThat(msgMax).as("read from /proc").isPositive();
		this.runner.withPropertyValues(endpoint("in", "inbound", "received"))
			.withPropertyValues("ipc.endpoints.in.message-queue.max-messages=" + (msgMax + 1))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.in.message-queue.max-messages")
				.hasMessageContaining("at most " + msgMax + " messages (/proc/sys/fs/mqueue/msg_max)")
				.satisfies((ex) -> assertThat(((InvalidEndpointException) ex).action())
					.contains("sysctl fs.mqueue.msg_max=" + (msgMax + 1))));
	}

	@Test
	void messagesLargerThanTheKernelAllowsFailStartupWithTheLimitFromProc() throws Exception {
		int sizeMax = MessageQueue.readLimit(MessageQueue.MSGSIZE_MAX, -1);
		this.runner.withPropertyValues(endpoint("out", "outbound", "toSend"))
			.withPropertyValues("ipc.endpoints.out.max-message-size=" + (sizeMax + 1) + "B")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.out.max-message-size")
				.hasMessageContaining("at most " + sizeMax + " bytes (/proc/sys/fs/mqueue/msgsize_max)")
				.satisfies((ex) -> assertThat(((InvalidEndpointException) ex).action())
					.contains("sysctl fs.mqueue.msgsize_max=" + (sizeMax + 1))));
	}

	@Test
	void badQueueNamesFailStartupNamingAddress() {
		for (String bad : new String[] { "orders", "/a/b", "/", "/" + "x".repeat(256) }) {
			this.runner.withPropertyValues(endpoint("in", "inbound", "received"))
				.withPropertyValues("ipc.endpoints.in.address=" + bad)
				.run((context) -> assertThat(context).getFailure()
					.as(bad)
					.isInstanceOf(InvalidEndpointException.class)
					.hasMessageContaining("ipc.endpoints.in.address"));
		}
	}

	@Test
	void badHeaderBlocksFromACPeerAreCountedAsDecodeAndEveryGoodMessageArrives() {
		int good = 500;
		int bad = 2000;
		this.runner.withPropertyValues(endpoint("in", "inbound", "received"))
			.withPropertyValues("ipc.endpoints.in.headers=json", "ipc.endpoints.in.payload-type=text")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				IpcEndpointActivity activity = context.getBean(IpcEndpoints.class).get("in");
				try (PeerProcess c = PeerProcess.command(peer.toString(), "hostile", this.queue, String.valueOf(good),
						String.valueOf(bad))) {
					c.awaitLineEqualTo("done " + good + " " + bad, WAIT);
				}
				await().atMost(WAIT).until(() -> activity.received() == good && activity.errors() == bad);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Set<Integer> seen = new HashSet<>();
				Message<?> message;
				while ((message = received.receive(0)) != null) {
					int n = Integer.parseInt(((String) message.getPayload()).substring("good-".length()));
					if (n % 10 != 0) {
						assertThat(message.getHeaders()).containsEntry("n", String.valueOf(n));
					}
					seen.add(n);
				}
				assertThat(seen).hasSize(good);
				assertThat(activity.lastError().reason()).isEqualTo("decode");
			});
	}

	private String[] endpoint(String name, String role, String channel) {
		String prefix = "ipc.endpoints." + name + ".";
		return new String[] { prefix + "transport=message-queue", prefix + "role=" + role,
				prefix + "address=" + this.queue, prefix + "channel=" + channel };
	}

}
