package io.ipcstarter.transport.amqp;

import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.ErrorReason;

import static io.ipcstarter.transport.amqp.AmqpEndpointProperties.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What goes wrong on an {@code amqp} inbound endpoint, with real processes on a real
 * broker: a handler that keeps failing (retried, then dead-lettered, and the messages
 * behind it still arrive), bad input from a python peer (a malformed header block, an
 * oversize message: counted, dead-lettered, never retried, good messages before and after
 * delivered), and a consumer process killed with -9 while it holds a message (the broker
 * delivers it again, marked redelivered).
 */
class AmqpFailureTests {

	private static int port;

	private ApplicationContextRunner runner;

	@BeforeAll
	static void startBroker() {
		port = RabbitTestBroker.get().port();
	}

	@BeforeEach
	void runner() {
		this.runner = IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Flow.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port);
	}

	@Test
	void aMessageWhoseHandlerKeepsFailingIsRetriedThenDeadLetteredAndLaterOnesArrive() throws Exception {
		String queue = "ipc-fail-" + UUID.randomUUID();
		this.runner
			.withPropertyValues(
					endpoint("in", "inbound", queue, "checked", "amqp.max-attempts=3", "amqp.retry-interval=50ms"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (PeerProcess python = AmqpPeers.start(port, "publish", queue, "before", "poison", "after")) {
					python.awaitLine(PeerProcess.SAID + "published", Duration.ofSeconds(30));
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				assertThat(payload(received.receive(10_000))).isEqualTo("before");
				assertThat(payload(received.receive(10_000))).as("the poison does not block the queue")
					.isEqualTo("after");
				assertThat(context.getBean(Flow.class).poisonCalls).as("max-attempts").hasValue(3);
			});
		GetResponse dead = deadLetter(queue);
		assertThat(dead).as("in the dead-letter queue").isNotNull();
		assertThat(new String(dead.getBody())).isEqualTo("poison");
		assertThat(dead.getProps().getHeaders()).containsKey("x-death");
	}

	@Test
	void badInputFromAPythonPeerIsCountedAndDeadLetteredAndGoodMessagesAroundItArrive() throws Exception {
		String queue = "ipc-bad-" + UUID.randomUUID();
		HexFormat hex = HexFormat.of();
		String good = hex.formatHex(bytes(0, 0, 0, 0)) + hex.formatHex("good".getBytes());
		String[] bad = { hex.formatHex(bytes(0, 0, 0xff, 0xff)) + hex.formatHex("{}".getBytes()), // header
				// block longer than the body
				hex.formatHex(bytes(0, 0, 0, 3)) + hex.formatHex("abc".getBytes()), // not
				// JSON
				hex.formatHex(bytes(0, 0)), // not even a length
				hex.formatHex(bytes(0, 0, 0, 0)) + "78".repeat(2000) }; // oversize
		this.runner
			.withPropertyValues(endpoint("in", "inbound", queue, "received", "headers=json", "max-message-size=1KB",
					"error-channel=errors"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				String[] wire = { good, bad[0], bad[1], bad[2], bad[3], good };
				try (PeerProcess python = AmqpPeers.start(port, "publish-raw", queue, wire)) {
					python.awaitLine(PeerProcess.SAID + "published", Duration.ofSeconds(30));
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				assertThat(payload(received.receive(10_000))).isEqualTo("good");
				assertThat(payload(received.receive(10_000))).as("the endpoint survived").isEqualTo("good");
				QueueChannel errors = context.getBean("errors", QueueChannel.class);
				ErrorReason[] expected = { ErrorReason.DECODE, ErrorReason.DECODE, ErrorReason.DECODE,
						ErrorReason.OVERSIZE };
				for (ErrorReason reason : expected) {
					Message<?> error = errors.receive(10_000);
					assertThat(error).isInstanceOf(ErrorMessage.class);
					assertThat(((IpcMessagingException) error.getPayload()).getReason()).isEqualTo(reason);
				}
				assertThat(received.receive(100)).as("nothing bad delivered").isNull();
			});
		for (int i = 0; i < 4; i++) {
			assertThat(deadLetter(queue)).as("bad message %d dead-lettered", i).isNotNull();
		}
	}

	@Test
	void aMessageHeldByAConsumerKilledWithSigkillIsDeliveredAgain() throws Exception {
		String queue = "ipc-kill-" + UUID.randomUUID();
		this.runner.withPropertyValues(endpoint("out", "outbound", queue, "toBroker"))
			.withPropertyValues(endpoint("in", "inbound", queue, "received", "auto-startup=false"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("toBroker", MessageChannel.class).send(MessageBuilder.withPayload("held").build());
				try (PeerProcess python = AmqpPeers.start(port, "take-and-die", queue)) {
					python.awaitLine(PeerProcess.SAID + "holding held", Duration.ofSeconds(30));
					context.getBean("ipc.in", Lifecycle.class).start();
					QueueChannel received = context.getBean("received", QueueChannel.class);
					assertThat(received.receive(500)).as("held by the python consumer, unacknowledged").isNull();
					python.kill(); // SIGKILL, mid-message
					Message<?> again = received.receive(10_000);
					assertThat(payload(again)).isEqualTo("held");
					assertThat(again.getHeaders()).containsEntry(IpcHeaders.PREFIX + "redelivered", true)
						.containsKey(IpcHeaders.PREFIX + "messageId");
				}
			});
	}

	private static Object payload(Message<?> message) {
		assertThat(message).as("a message within the wait").isNotNull();
		return message.getPayload();
	}

	private static byte[] bytes(int... values) {
		byte[] b = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			b[i] = (byte) values[i];
		}
		return b;
	}

	/**
	 * Take one message from the queue's dead-letter queue; {@code null} when none waits.
	 */
	private static GetResponse deadLetter(String queue) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(port);
		try (Connection connection = factory.newConnection(); Channel channel = connection.createChannel()) {
			GetResponse[] got = new GetResponse[1];
			await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
				got[0] = channel.basicGet(queue + AmqpOptions.DEAD_LETTER_SUFFIX, true);
				return got[0] != null;
			});
			return got[0];
		}
	}

	/** The inbound endpoints' flow: "poison" always fails, anything else arrives. */
	static class Flow {

		final AtomicInteger poisonCalls = new AtomicInteger();

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		@Bean
		QueueChannel errors() {
			return new QueueChannel();
		}

		@ServiceActivator(inputChannel = "checked", outputChannel = "received")
		public String check(String payload) {
			if (payload.equals("poison")) {
				this.poisonCalls.incrementAndGet();
				throw new IllegalStateException("poison");
			}
			return payload;
		}

	}

}
