package io.ipcstarter.transport.kafka;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
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
import io.ipcstarter.integration.IpcHeaders;
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
 * bounded. Once on a topic of one partition, once on three partitions read by three
 * endpoints of one consumer group.
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
				Map<String, Integer> sent = produceStorm(topic, 1);
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
				assertThat(committed(topic, topic, 1))
					.as("committed up to the end of the topic: no record is read again")
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
	 * The same storm on a topic of three partitions, read by three inbound endpoints in
	 * one consumer group (three consumers, one partition each): every good record
	 * delivered once, each hostile one counted under its reason by the endpoint that read
	 * it and dead-lettered once, every partition committed to its end.
	 */
	@Test
	void threePartitionsReadByThreeConsumersOfOneGroupDeliverEveryGoodRecordOnceAndDeadLetterEachHostileOne(
			CapturedOutput output) throws Exception {
		String topic = "storm3-" + System.nanoTime();
		String deadLetters = topic + "-bad";
		int partitions = 3;
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestBroker.bootstrapServers()))) {
			admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
			IpcContextRunners.withMonitoring()
				.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class,
						KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
				.withUserConfiguration(Inbox.class)
				.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(),
						// members learn of each rebalance by heartbeat: the group of
						// three
						// settles in about a second instead of several heartbeats of 3 s
						"spring.kafka.consumer.heartbeat-interval=100ms")
				.withPropertyValues(consumers(partitions, topic, deadLetters))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					// all three in the group, one partition each, before the first record
					await().atMost(Duration.ofSeconds(60))
						.untilAsserted(() -> assertThat(assigned(admin, topic)).as("partitions per member")
							.containsExactly(1, 1, 1));
					long started = System.nanoTime();
					Map<String, Integer> sent = produceStorm(topic, partitions);
					QueueChannel received = context.getBean("received", QueueChannel.class);
					Map<String, Integer> times = new TreeMap<>();
					Map<String, Integer> byEndpoint = new TreeMap<>();
					for (int i = 0; i < GOOD; i++) {
						Message<?> message = received.receive(60_000);
						assertThat(message).as("good record %d of %d within a minute", i + 1, GOOD).isNotNull();
						times.merge((String) message.getPayload(), 1, Integer::sum);
						byEndpoint.merge(message.getHeaders().get(IpcHeaders.ENDPOINT, String.class), 1, Integer::sum);
					}
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					await().atMost(Duration.ofSeconds(FULL ? 120 : 30)).untilAsserted(() -> {
						assertThat(errors(registry, "decode")).isEqualTo(sent.get("decode").doubleValue());
						assertThat(errors(registry, "oversize")).isEqualTo(sent.get("oversize").doubleValue());
					});
					assertThat(received.receive(200)).as("nothing hostile delivered").isNull();
					assertThat(times).as("every good record once").hasSize(GOOD).allSatisfy((payload, n) -> {
						assertThat(payload).startsWith("good ");
						assertThat(n).as(payload).isOne();
					});
					assertThat(byEndpoint).as("good records per consumer").hasSize(partitions);
					assertThat(registry.find("ipc.errors").counters().stream().mapToDouble((c) -> c.count()).sum())
						.as("no error but decode and oversize")
						.isEqualTo((double) HOSTILE);
					long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
					List<String> origins = deadLettered(deadLetters, HOSTILE);
					assertThat(origins).as("each hostile record dead-lettered once")
						.hasSize(HOSTILE)
						.doesNotHaveDuplicates();
					assertThat(committed(topic, topic, partitions)).as("every partition committed to its end")
						.isEqualTo((long) HOSTILE + GOOD);
					System.out.println("RELIABILITY " + (FULL ? "full " : "short ") + "kafka storm, " + partitions
							+ " partitions, " + partitions + " consumers in one group: " + sent + " hostile, " + GOOD
							+ " good delivered once (per consumer " + byEndpoint + "), " + elapsed + " ms");
				});
		}
		String log = output.getAll();
		assertThat(log).as("no stack trace").doesNotContain("\tat ").doesNotContain("Caused by:");
		assertThat(log.lines()
			.filter((line) -> !line.startsWith("RELIABILITY"))
			.filter((line) -> line.contains("decode") || line.contains("oversize"))
			.count()).as("lines about bad input bounded (10 + a summary a minute, per endpoint)")
			.isLessThanOrEqualTo(3 * 13);
		assertThat(log.lines().count()).as("the whole log bounded, whatever the storm's size").isLessThanOrEqualTo(120);
	}

	/** Endpoints {@code in0} ... on {@code topic}, in one group, onto one channel. */
	private static String[] consumers(int count, String topic, String deadLetters) {
		List<String> properties = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			String name = "in" + i;
			properties
				.addAll(List.of(KafkaEndpointAutoConfigurationTests.endpoint(name, "inbound", topic, "received")));
			String prefix = "ipc.endpoints." + name + ".";
			properties
				.addAll(List.of(prefix + "payload-type=text", prefix + "headers=json", prefix + "max-message-size=1KB",
						prefix + "kafka.dead-letter-topic=" + deadLetters, prefix + "kafka.group-id=" + topic));
		}
		return properties.toArray(String[]::new);
	}

	/**
	 * How many of {@code topic}'s partitions each member of its group (the group is named
	 * after the topic) holds, sorted.
	 */
	private static List<Integer> assigned(Admin admin, String topic) throws Exception {
		ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(topic))
			.all()
			.get(10, TimeUnit.SECONDS)
			.get(topic);
		return group.members().stream().map((member) -> member.assignment().topicPartitions().size()).sorted().toList();
	}

	/**
	 * Hostile and good records, interleaved, spread round robin over the topic's
	 * {@code partitions}; returns how many of each reason were sent.
	 */
	private static Map<String, Integer> produceStorm(String topic, int partitions) throws Exception {
		Map<String, Integer> sent = new HashMap<>();
		List<Future<RecordMetadata>> acks = new ArrayList<>();
		int every = HOSTILE / GOOD;
		int good = 0;
		try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
				EndpointSpec.builder("storm", KafkaTransport.ID, Role.OUTBOUND, topic).build(),
				KafkaTestBroker.options())) {
			for (int i = 0; i < HOSTILE; i++) {
				if (i % every == 0 && good < GOOD) {
					acks.add(producer.send(new ProducerRecord<>(topic, (good + i) % partitions, null,
							framed("good " + good++, "{}"))));
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
				acks.add(producer.send(new ProducerRecord<>(topic, i % partitions, null, value)));
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
	 * The records on a topic (every partition), read until {@code expected} or 30 s of
	 * nothing new, then half a second more: anything beyond {@code expected} would be a
	 * record dead-lettered twice.
	 */
	private static int countRecords(String topic, int expected) {
		return deadLettered(topic, expected).size();
	}

	/**
	 * Where each record on a dead-letter topic came from ({@code partition@offset} of the
	 * storm's topic), one entry per record, so a record dead-lettered twice shows twice.
	 */
	private static List<String> deadLettered(String topic, int expected) {
		List<String> origins = new ArrayList<>();
		try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(
				EndpointSpec.builder("count", KafkaTransport.ID, Role.INBOUND, topic).build(),
				KafkaTestBroker.options(), null)) {
			List<TopicPartition> partitions = consumer.partitionsFor(topic)
				.stream()
				.map((info) -> new TopicPartition(topic, info.partition()))
				.toList();
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (origins.size() < expected && System.nanoTime() < deadline) {
				read(consumer.poll(Duration.ofMillis(200)), origins);
			}
			read(consumer.poll(Duration.ofMillis(500)), origins);
			return origins;
		}
	}

	private static void read(Iterable<ConsumerRecord<byte[], byte[]>> records, List<String> origins) {
		for (ConsumerRecord<byte[], byte[]> record : records) {
			assertThat(KafkaClients.header(record.headers(), "ipc_dlt_reason")).isIn("decode", "oversize");
			origins.add(KafkaClients.header(record.headers(), "ipc_dlt_partition") + "@"
					+ KafkaClients.header(record.headers(), "ipc_dlt_offset"));
		}
	}

	/**
	 * The offsets the endpoints' consumer group committed on the topic's
	 * {@code partitions}, summed, once every partition's reached its end.
	 */
	private static long committed(String group, String topic, int partitions) {
		try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(
				EndpointSpec.builder("offsets", KafkaTransport.ID, Role.INBOUND, topic).build(),
				KafkaTestBroker.options(), group)) {
			Set<TopicPartition> all = new HashSet<>();
			for (int p = 0; p < partitions; p++) {
				all.add(new TopicPartition(topic, p));
			}
			Map<TopicPartition, Long> ends = consumer.endOffsets(all);
			long[] sum = new long[1];
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				Map<TopicPartition, OffsetAndMetadata> offsets = consumer.committed(all);
				sum[0] = 0;
				for (TopicPartition partition : all) {
					assertThat(offsets.get(partition)).as("committed on " + partition).isNotNull();
					assertThat(offsets.get(partition).offset()).as("committed on " + partition)
						.isEqualTo(ends.get(partition));
					sum[0] += offsets.get(partition).offset();
				}
			});
			return sum[0];
		}
	}

	/** {@code ipc.errors} under {@code reason}, of every endpoint. */
	private static double errors(MeterRegistry registry, String reason) {
		return registry.find("ipc.errors")
			.tags("reason", reason)
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
