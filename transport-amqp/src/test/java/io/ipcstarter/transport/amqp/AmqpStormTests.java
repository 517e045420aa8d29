package io.ipcstarter.transport.amqp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;

import static io.ipcstarter.transport.amqp.AmqpEndpointProperties.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The reliability storm of an inbound {@code amqp} endpoint ({@code headers: json},
 * {@code max-message-size: 1KB}) on the module's test broker: the RabbitMQ Java client,
 * as a foreign or broken peer, publishes 200 (full, {@code -Preliability}: 10,000)
 * hostile messages among 50 (1,000) good ones: a header block longer than the body, a
 * header block that is not JSON, one whose values are not strings, a body too short for a
 * length, and a body over {@code max-message-size}. Every good message is delivered once;
 * every hostile one is reported under its reason ({@code decode}, {@code oversize}),
 * rejected without requeue and dead-lettered once (the dead-letter queue holds exactly
 * the hostile ones, the queue is left empty: nothing is redelivered); no stack trace is
 * logged and the endpoint's lines about bad input stay bounded. Once with one consumer,
 * once with six (two endpoints, {@code amqp.concurrency: 3} each).
 */
@Tag("reliability")
@ExtendWith(OutputCaptureExtension.class)
class AmqpStormTests {

	private static final boolean FULL = Boolean.getBoolean("ipc.reliability.full");

	private static final int HOSTILE = FULL ? 10_000 : 200;

	private static final int GOOD = FULL ? 1_000 : 50;

	@Test
	void hostileMessagesAreCountedByReasonDeadLetteredOnceAndEveryGoodOneArrivesOnce(CapturedOutput output)
			throws Exception {
		int port = RabbitTestBroker.get().port();
		String queue = "ipc-storm-" + UUID.randomUUID();
		Map<String, Integer> sent = new TreeMap<>();
		IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Inbox.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port)
			.withPropertyValues(endpoint("in", "inbound", queue, "received", "headers=json", "max-message-size=1KB",
					"error-channel=errors"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long started = System.nanoTime();
				try (Connection connection = connect(port); Channel channel = connection.createChannel()) {
					publishStorm(channel, queue, sent);
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Set<String> delivered = new TreeSet<>();
				List<String> twice = new ArrayList<>();
				for (int i = 0; i < GOOD; i++) {
					Message<?> message = received.receive(60_000);
					assertThat(message).as("good message %d of %d within a minute", i + 1, GOOD).isNotNull();
					if (!delivered.add((String) message.getPayload())) {
						twice.add((String) message.getPayload());
					}
				}
				Inbox inbox = context.getBean(Inbox.class);
				await().atMost(Duration.ofSeconds(FULL ? 120 : 30))
					.untilAsserted(() -> assertThat(inbox.counts()).isEqualTo(sent));
				assertThat(received.receive(200)).as("nothing hostile delivered").isNull();
				assertThat(twice).as("good messages delivered twice").isEmpty();
				assertThat(delivered).hasSize(GOOD).allMatch((payload) -> payload.startsWith("good "));
				long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				try (Connection connection = connect(port); Channel channel = connection.createChannel()) {
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(
								channel.queueDeclarePassive(queue + AmqpOptions.DEAD_LETTER_SUFFIX).getMessageCount())
							.as("each hostile message dead-lettered")
							.isEqualTo(HOSTILE));
					Thread.sleep(500);
					assertThat(channel.queueDeclarePassive(queue + AmqpOptions.DEAD_LETTER_SUFFIX).getMessageCount())
						.as("and only once")
						.isEqualTo(HOSTILE);
					assertThat(channel.queueDeclarePassive(queue).getMessageCount())
						.as("nothing left to be redelivered")
						.isZero();
				}
				assertThat(inbox.reasons.values().stream().mapToInt(AtomicInteger::get).sum())
					.as("reported once each, not again")
					.isEqualTo(HOSTILE);
				System.out.println("RELIABILITY " + (FULL ? "full " : "short ") + "amqp storm: " + sent + " hostile, "
						+ GOOD + " good delivered once, " + elapsed + " ms");
			});
		String log = output.getAll();
		assertThat(log).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
		assertThat(log.lines()
			.filter((line) -> !line.startsWith("RELIABILITY"))
			.filter((line) -> line.contains("decode") || line.contains("oversize"))
			.count()).as("lines about bad input bounded (10 + a summary a minute)").isLessThanOrEqualTo(13);
		assertThat(log.lines().count()).as("the whole log bounded, whatever the storm's size").isLessThanOrEqualTo(60);
	}

	/**
	 * The same storm on one queue read by six consumers: two inbound endpoints (two
	 * connections, as two applications would be) with {@code amqp.concurrency: 3} each.
	 * Every good message delivered once, each hostile one reported once under its reason
	 * and dead-lettered once, the queue left empty.
	 */
	@Test
	void sixConsumersOnOneQueueDeliverEveryGoodMessageOnceAndDeadLetterEachHostileOneOnce(CapturedOutput output)
			throws Exception {
		int port = RabbitTestBroker.get().port();
		String queue = "ipc-storm6-" + UUID.randomUUID();
		Map<String, Integer> sent = new TreeMap<>();
		IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Inbox.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port)
			.withPropertyValues(endpoint("in", "inbound", queue, "received", "headers=json", "max-message-size=1KB",
					"error-channel=errors", "amqp.concurrency=3"))
			.withPropertyValues(endpoint("in2", "inbound", queue, "received", "headers=json", "max-message-size=1KB",
					"error-channel=errors", "amqp.concurrency=3"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long started = System.nanoTime();
				try (Connection connection = connect(port); Channel channel = connection.createChannel()) {
					assertThat(channel.queueDeclarePassive(queue).getConsumerCount()).as("consumers on the queue")
						.isEqualTo(6);
					publishStorm(channel, queue, sent);
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Map<String, Integer> times = new TreeMap<>();
				Map<String, Integer> byEndpoint = new TreeMap<>();
				for (int i = 0; i < GOOD; i++) {
					Message<?> message = received.receive(60_000);
					assertThat(message).as("good message %d of %d within a minute", i + 1, GOOD).isNotNull();
					times.merge((String) message.getPayload(), 1, Integer::sum);
					byEndpoint.merge(message.getHeaders().get(IpcHeaders.ENDPOINT, String.class), 1, Integer::sum);
				}
				Inbox inbox = context.getBean(Inbox.class);
				await().atMost(Duration.ofSeconds(FULL ? 120 : 30))
					.untilAsserted(() -> assertThat(inbox.counts()).isEqualTo(sent));
				assertThat(received.receive(200)).as("nothing hostile delivered").isNull();
				assertThat(times).as("every good message once").hasSize(GOOD).allSatisfy((payload, n) -> {
					assertThat(payload).startsWith("good ");
					assertThat(n).as(payload).isOne();
				});
				assertThat(byEndpoint).as("good messages per endpoint").containsOnlyKeys("in", "in2");
				long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				try (Connection connection = connect(port); Channel channel = connection.createChannel()) {
					await().atMost(Duration.ofSeconds(30))
						.untilAsserted(() -> assertThat(
								channel.queueDeclarePassive(queue + AmqpOptions.DEAD_LETTER_SUFFIX).getMessageCount())
							.as("each hostile message dead-lettered")
							.isEqualTo(HOSTILE));
					Thread.sleep(500);
					assertThat(channel.queueDeclarePassive(queue + AmqpOptions.DEAD_LETTER_SUFFIX).getMessageCount())
						.as("and only once")
						.isEqualTo(HOSTILE);
					assertThat(channel.queueDeclarePassive(queue).getMessageCount())
						.as("nothing left to be redelivered")
						.isZero();
				}
				assertThat(inbox.reasons.values().stream().mapToInt(AtomicInteger::get).sum())
					.as("reported once each, not again")
					.isEqualTo(HOSTILE);
				System.out.println("RELIABILITY " + (FULL ? "full " : "short ") + "amqp storm, 6 consumers (2 endpoints"
						+ " x concurrency 3): " + sent + " hostile, " + GOOD + " good delivered once (per endpoint "
						+ byEndpoint + "), " + elapsed + " ms");
			});
		String log = output.getAll();
		assertThat(log).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
		assertThat(log.lines()
			.filter((line) -> !line.startsWith("RELIABILITY"))
			.filter((line) -> line.contains("decode") || line.contains("oversize"))
			.count()).as("lines about bad input bounded (10 + a summary a minute, per endpoint)")
			.isLessThanOrEqualTo(2 * 13);
		assertThat(log.lines().count()).as("the whole log bounded, whatever the storm's size").isLessThanOrEqualTo(90);
	}

	private static Connection connect(int port) throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(port);
		return factory.newConnection();
	}

	/** Hostile and good messages, interleaved, published with confirms. */
	private static void publishStorm(Channel channel, String queue, Map<String, Integer> sent) throws Exception {
		channel.confirmSelect();
		int every = HOSTILE / GOOD;
		int good = 0;
		for (int i = 0; i < HOSTILE; i++) {
			if (i % every == 0 && good < GOOD) {
				publish(channel, queue, framed("good " + good++, "{}"));
			}
			int kind = i % 5;
			byte[] body = switch (kind) {
				case 0 -> ByteBuffer.allocate(8).putInt(0x7fff_fff0).put(bytes("junk")).array();
				case 1 -> framed("x", "not json");
				case 2 -> framed("x", "{\"a\":1}");
				case 3 -> new byte[] { 0, 0 };
				default -> new byte[2048];
			};
			sent.merge((kind == 4) ? "oversize" : "decode", 1, Integer::sum);
			publish(channel, queue, body);
		}
		channel.waitForConfirmsOrDie(60_000);
	}

	private static void publish(Channel channel, String queue, byte[] body) throws Exception {
		channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body);
	}

	/**
	 * A body in the {@code headers: json} form: the block's length, the block, the
	 * payload.
	 */
	private static byte[] framed(String payload, String block) {
		byte[] header = bytes(block);
		byte[] body = bytes(payload);
		return ByteBuffer.allocate(4 + header.length + body.length).putInt(header.length).put(header).put(body).array();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** Receives the good messages; counts the reported errors by reason. */
	static class Inbox {

		final Map<String, AtomicInteger> reasons = new ConcurrentHashMap<>();

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		Map<String, Integer> counts() {
			Map<String, Integer> counts = new TreeMap<>();
			this.reasons.forEach((reason, count) -> counts.put(reason, count.get()));
			return counts;
		}

		@ServiceActivator(inputChannel = "errors")
		public void error(Message<?> error) {
			String reason = (error.getPayload() instanceof IpcMessagingException ex) ? ex.getReason().tag()
					: "other: " + error.getPayload();
			this.reasons.computeIfAbsent(reason, (key) -> new AtomicInteger()).incrementAndGet();
		}

	}

}
