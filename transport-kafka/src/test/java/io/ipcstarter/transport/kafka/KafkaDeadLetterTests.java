package io.ipcstarter.transport.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.autoconfigure.kafka.KafkaTransportAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What becomes of a message an inbound {@code kafka} endpoint cannot deliver: a handler
 * that keeps failing (retried {@code kafka.max-attempts} times), a record whose
 * {@code headers: json} block is malformed, and a record over {@code max-message-size}.
 * Each is counted under its reason, written to the dead-letter topic with headers saying
 * why, and committed; the good messages before and after it arrive. The records are
 * written by a plain Kafka producer, as a foreign or broken peer would.
 */
class KafkaDeadLetterTests {

	private static final AtomicInteger topics = new AtomicInteger();

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class, KafkaAutoConfiguration.class,
				KafkaTransportAutoConfiguration.class))
		.withUserConfiguration(Handlers.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers());

	@Test
	void handlerThatKeepsFailingIsRetriedThenDeadLetteredAndLaterMessagesArrive() {
		String topic = topic();
		this.runner.withPropertyValues(KafkaEndpointAutoConfigurationTests.endpoint("in", "inbound", topic, "checked"))
			.withPropertyValues("ipc.endpoints.in.payload-type=text", "ipc.endpoints.in.kafka.max-attempts=2",
					"ipc.endpoints.in.kafka.retry-interval=50ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				produce(topic, bytes("before"), bytes("poison"), bytes("after"));
				QueueChannel received = context.getBean("received", QueueChannel.class);
				assertThat(payload(received.receive(20_000))).isEqualTo("before");
				assertThat(payload(received.receive(20_000))).isEqualTo("after");
				assertThat(context.getBean(Handlers.class).poisonCalls).hasValue(2);
				ConsumerRecord<byte[], byte[]> dead = deadLetters(topic + ".DLT", 1).get(0);
				assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("poison");
				assertThat(header(dead, "ipc_dlt_reason")).isEqualTo("handler");
				assertThat(header(dead, "ipc_dlt_attempts")).isEqualTo("2");
				assertThat(header(dead, "ipc_dlt_topic")).isEqualTo(topic);
				assertThat(header(dead, "ipc_dlt_offset")).isEqualTo("1");
				assertThat(header(dead, "ipc_dlt_exception")).contains("poison on purpose");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(errors(registry, "handler")).isEqualTo(1));
			});
	}

	@Test
	void recordsWithABadHeaderBlockOrOverTheLimitAreCountedDeadLetteredAndTheGoodOnesArrive() {
		String topic = topic();
		this.runner.withPropertyValues(KafkaEndpointAutoConfigurationTests.endpoint("in", "inbound", topic, "received"))
			.withPropertyValues("ipc.endpoints.in.payload-type=text", "ipc.endpoints.in.headers=json",
					"ipc.endpoints.in.max-message-size=1KB",
					"ipc.endpoints.in.kafka.dead-letter-topic=" + topic + "-bad")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				byte[] badBlock = ByteBuffer.allocate(8).putInt(-1).put(bytes("junk")).array();
				byte[] oversize = new byte[2048];
				produce(topic, withNoHeaders("good 1"), badBlock, withNoHeaders("good 2"), oversize,
						withNoHeaders("good 3"));
				QueueChannel received = context.getBean("received", QueueChannel.class);
				assertThat(payload(received.receive(20_000))).isEqualTo("good 1");
				assertThat(payload(received.receive(20_000))).isEqualTo("good 2");
				assertThat(payload(received.receive(20_000))).isEqualTo("good 3");
				assertThat(received.receive(100)).as("nothing else is delivered").isNull();
				List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(topic + "-bad", 2);
				assertThat(dead.get(0).value()).isEqualTo(badBlock);
				assertThat(header(dead.get(0), "ipc_dlt_reason")).isEqualTo("decode");
				assertThat(dead.get(1).value()).isEqualTo(oversize);
				assertThat(header(dead.get(1), "ipc_dlt_reason")).isEqualTo("oversize");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
					assertThat(errors(registry, "decode")).isEqualTo(1);
					assertThat(errors(registry, "oversize")).isEqualTo(1);
				});
			});
	}

	private static String topic() {
		return "dlt-" + System.nanoTime() + "-" + topics.incrementAndGet();
	}

	/** A message in the {@code headers: json} form with an empty header block. */
	private static byte[] withNoHeaders(String payload) {
		byte[] bytes = bytes(payload);
		return ByteBuffer.allocate(4 + bytes.length).putInt(0).put(bytes).array();
	}

	private static void produce(String topic, byte[]... values) throws Exception {
		try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
				EndpointSpec.builder("raw", KafkaTransport.ID, Role.OUTBOUND, topic).build(),
				KafkaTestBroker.options())) {
			for (byte[] value : values) {
				producer.send(new ProducerRecord<>(topic, value)).get(10, TimeUnit.SECONDS);
			}
		}
	}

	/** The first {@code count} records of a dead-letter topic (one partition). */
	private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic, int count) {
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(
				EndpointSpec.builder("dlt", KafkaTransport.ID, Role.INBOUND, topic).build(), KafkaTestBroker.options(),
				null)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
			while (records.size() < count && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		assertThat(records).hasSizeGreaterThanOrEqualTo(count);
		return records;
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		return KafkaClients.header(record.headers(), name);
	}

	private static double errors(MeterRegistry registry, String reason) {
		return registry.get("ipc.errors").tags("endpoint", "in", "reason", reason).counter().count();
	}

	private static String payload(Message<?> message) {
		assertThat(message).isNotNull();
		return (String) message.getPayload();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Handlers {

		final AtomicInteger poisonCalls = new AtomicInteger();

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@ServiceActivator(inputChannel = "checked", outputChannel = "received")
		public String check(String payload) {
			if (payload.equals("poison")) {
				this.poisonCalls.incrementAndGet();
				throw new IllegalStateException("poison on purpose");
			}
			return payload;
		}

	}

}
