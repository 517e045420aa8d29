package io.ipcstarter.transport.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
 * The reliability storm of an inbound {@code kafka} endpoint ({@code headers: json},
 * {@code max-message-size: 1KB}): a plain Kafka producer, as a foreign or broken peer,
 * writes 200 (full, {@code -Preliability}: 10,000) hostile records among 50 (1,000) good
 * ones: a header block longer than the record, a header block that is not JSON, one whose
 * values are not strings, a record too short for a length, and a record over
 * {@code max-message-size}. Every good record is delivered once; every hostile one is
 * counted in {@code ipc.errors} under its reason, written once to the dead-letter topic
 * and committed (the consumer group's offset reaches the end of the topic: nothing is
 * read again); no stack trace is logged and the endpoint's lines about bad input stay
 * bounded.
 */
@Tag("reliability")
@ExtendWith(OutputCaptureExtension.class)
class KafkaStormTests {

	private static final boolean FULL = Boolean.getBoolean("ipc.reliability.full");

	private static final int HOSTILE = FULL ? 10_000 : 200;

	private static final int GOOD = FULL ? 1_000 : 50;

	@Test
	void hostileRecordsAreCountedByReasonDeadLetteredAndCommittedAndEveryGoodOneArrivesOnce(CapturedOutput output) {
		String topic = "storm-" + System.nanoTime();
		String deadLetters = topic + "-bad";
		IpcContextRunners.withMonitoring()
			.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class, KafkaAutoConfiguration.class,
					KafkaTransportAutoConfiguration.class))
			.withUserConfiguration(Inbox.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers())
			.withPropertyValues(KafkaEndpointAutoConfigurationTests.endpoint("in", "inbound", topic, "received"))
			.withPropertyValues("ipc.endpoints.in.payload-type=text", "ipc.endpoints.in.headers=json",
					"ipc.endpoints.in.max-message-size=1KB", "ipc.endpoints.in.kafka.dead-letter-topic=" + deadLetters,
					"ipc.endpoints.in.kafka.group-id=" + topic)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long started = System.nanoTime();
				Map<String, Integer> sent = produceStorm(topic);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Set<String> delivered = new TreeSet<>();
				List<String> twice = new ArrayList<>();
				for (int i = 0; i < GOOD; i++) {
					Message<?> message = received.receive(60_000);
					assertThat(message).as("good record %d of %d within a minute", i + 1, GOOD).isNotNull();
					String payload = (String) message.getPayload();
					if (!delivered.add(payload)) {
						twice.add(payload);
					}
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(FULL ? 120 : 30)).untilAsserted(() -> {
					assertThat(errors(registry, "decode")).isEqualTo(sent.get("decode").doubleValue());
					assertThat(errors(registry, "oversize")).isEqualTo(sent.get("oversize").doubleValue());
				});
				assertThat(received.receive(200)).as("nothing hostile delivered").isNull();
				assertThat(twice).as("good records delivered twice").isEmpty();
				assertThat(delivered).hasSize(GOOD).allMatch((payload) -> payload.startsWith("good "));
				assertThat(registry.find("ipc.errors").counters().stream().mapToDouble((c) -> c.count()).sum())
					.as("no error but decode and oversize")
					.isEqualTo((double) HOSTILE);
				long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
				assertThat(countRecords(deadLetters, HOSTILE)).as("each hostile record dead-lettered once")
					.isEqualTo(HOSTILE);
				assertThat(committed(topic, topic)).as("committed up to the end of the topic: no record is read again")
					.isEqualTo((long) HOSTILE + GOOD);
				System.out.println("RELIABILITY " + (FULL ? "full " : "short ") + "kafka storm: " + sent + " hostile, "
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
	 * Hostile and good records, interleaved; returns how many of each reason were sent.
	 */
	private static Map<String, Integer> produceStorm(String topic) throws Exception {
		Map<String, Integer> sent = new HashMap<>();
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		int every = HOSTILE / GOOD;
		int good = 0;
		try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
				EndpointSpec.builder("storm", KafkaTransport.ID, Role.OUTBOUND, topic).build(),
				KafkaTestBroker.options())) {
			for (int i = 0; i < HOSTILE; i++) {
				if (i % every == 0 && good < GOOD) {
					acks.add(producer.send(new ProducerRecord<>(topic, framed("good " + good++, "{}"))));
				}
				int kind = i % 5;
				byte[] value = switch (kind) {
					case 0 -> ByteBuffer.allocate(8).putInt(0x7fff_fff0).put(bytes("junk")).array();
					case 1 -> framed("x", "not json");
					case 2 -> framed("x", "{\"a\":1}");
					case 3 -> new byte[] { 0, 0 };
					default -> new byte[2048];
				};
				sent.merge((kind == 4) ? "oversize" : "decode", 1, Integer::sum);
				acks.add(producer.send(new ProducerRecord<>(topic, value)));
			}
			for (Future<RecordMetadata> ack : acks) {
				ack.get(60, TimeUnit.SECONDS);
			}
		}
		return sent;
	}

	/**
	 * A record in the {@code headers: json} form: the block's length, the block, the
	 * payload.
	 */
	private static byte[] framed(String payload, String block) {
		byte[] header = bytes(block);
		byte[] body = bytes(payload);
		return ByteBuffer.allocate(4 + header.length + body.length).putInt(header.length).put(header).put(body).array();
	}

	/**
	 * The records on a (one-partition) topic, read until {@code expected} or 30 s of
	 * nothing new.
	 */
	private static int countRecords(String topic, int expected) {
		int count = 0;
		try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(
				EndpointSpec.builder("count", KafkaTransport.ID, Role.INBOUND, topic).build(),
				KafkaTestBroker.options(), null)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			consumer.assign(List.of(partition));
			consumer.seekToBeginning(List.of(partition));
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (count < expected && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
					assertThat(KafkaClients.header(record.headers(), "ipc_dlt_reason")).isIn("decode", "oversize");
					count++;
				}
			}
			// anything more than expected would be a record dead-lettered twice
			count += consumer.poll(Duration.ofMillis(500)).count();
			return count;
		}
	}

	/** The offset the endpoint's consumer group committed on the topic's partition 0. */
	private static long committed(String group, String topic) {
		try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(
				EndpointSpec.builder("offsets", KafkaTransport.ID, Role.INBOUND, topic).build(),
				KafkaTestBroker.options(), group)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			long[] offset = new long[1];
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(Set.of(partition));
				assertThat(offsets.get(partition)).isNotNull();
				offset[0] = offsets.get(partition).offset();
				assertThat(offset[0]).isEqualTo((long) HOSTILE + GOOD);
			});
			return offset[0];
		}
	}

	private static double errors(MeterRegistry registry, String reason) {
		return registry.find("ipc.errors")
			.tags("endpoint", "in", "reason", reason)
			.counters()
			.stream()
			.mapToDouble((c) -> c.count())
			.sum();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Inbox {

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
