package io.ipcstarter.transport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Makes the Kafka clients of an endpoint from its options: the broker connection as given
 * (Spring Boot's {@code spring.kafka.*}), with what the transport's promises need laid
 * over it. Also the record headers the gateways and the dead-letter topic use, all UTF-8
 * text so a peer in any language reads them.
 */
final class KafkaClients {

	/**
	 * Request and reply header: the id that pairs a reply with its request (UTF-8 text).
	 */
	static final String CORRELATION_ID = "ipc_correlationId";

	/** Request header: the topic the answer goes to (UTF-8 text). */
	static final String REPLY_TOPIC = "ipc_replyTopic";

	/**
	 * Failure answer headers: what went wrong (text), and its {@code ErrorReason} tag.
	 */
	static final String ERROR = "ipc_error";

	static final String ERROR_REASON = "ipc_errorReason";

	/**
	 * Dead-letter headers: where the record came from, why it was given up, after how
	 * many attempts.
	 */
	static final String DLT_TOPIC = "ipc_dlt_topic";

	static final String DLT_PARTITION = "ipc_dlt_partition";

	static final String DLT_OFFSET = "ipc_dlt_offset";

	static final String DLT_REASON = "ipc_dlt_reason";

	static final String DLT_EXCEPTION = "ipc_dlt_exception";

	static final String DLT_ATTEMPTS = "ipc_dlt_attempts";

	/**
	 * "bootstrap-servers topic" of the topics this JVM has made or seen, so each is
	 * checked once.
	 */
	private static final Set<String> knownTopics = ConcurrentHashMap.newKeySet();

	private KafkaClients() {
	}

	/**
	 * A producer that is acknowledged by every in-sync replica ({@code acks=all},
	 * idempotent so a retried batch is not written twice), and whose blocking calls
	 * (metadata, a full buffer) wait at most the send timeout.
	 */
	static KafkaProducer<byte[], byte[]> producer(EndpointSpec spec, KafkaOptions options) {
		Map<String, Object> config = new HashMap<>(options.producerProperties());
		requireBootstrapServers(spec, config);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, spec.sendTimeout().toMillis());
		config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 0);
		// delivery.timeout.ms must cover linger.ms + request.timeout.ms: keep the
		// client's default unless given
		config.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ipc-" + spec.name() + "-producer");
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		return new KafkaProducer<>(config);
	}

	/**
	 * A consumer that never commits by itself; in the given group, or in none (an
	 * outbound gateway's reply reader, which assigns itself every partition and reads
	 * from their end). A new group starts from the earliest offset unless
	 * {@code spring.kafka.consumer.auto-offset-reset} says otherwise, so messages sent
	 * before the first consumer of a group joined are not skipped.
	 */
	static KafkaConsumer<byte[], byte[]> consumer(EndpointSpec spec, KafkaOptions options, @Nullable String groupId) {
		Map<String, Object> config = new HashMap<>(options.consumerProperties());
		requireBootstrapServers(spec, config);
		if (groupId != null) {
			config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
		}
		else {
			config.remove(ConsumerConfig.GROUP_ID_CONFIG);
			config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
		}
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG,
				"ipc-" + spec.name() + ((groupId != null) ? "-consumer" : "-replies"));
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		return new KafkaConsumer<>(config);
	}

	private static void requireBootstrapServers(EndpointSpec spec, Map<String, Object> config) {
		Object servers = config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);
		if (servers == null || servers.toString().isBlank() || servers.toString().equals("[]")) {
			throw new IllegalStateException("Kafka endpoint '" + spec.name() + "' has no bootstrap servers: set "
					+ "spring.kafka.bootstrap-servers (or, in code, KafkaOptions.clientProperties with "
					+ "bootstrap.servers)");
		}
	}

	/**
	 * Create the topics that do not exist yet, with the broker's default partitions and
	 * replication, within the send timeout. Nothing when {@code kafka.create-topics} is
	 * off.
	 * @throws IpcException when the broker could not be asked or refused
	 */
	static void createTopics(EndpointSpec spec, KafkaOptions options, String... topics) throws IpcException {
		if (!options.isCreateTopics()) {
			return;
		}
		Map<String, Object> config = new HashMap<>(options.producerProperties());
		requireBootstrapServers(spec, config);
		String cluster = String.valueOf(config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) + " ";
		if (Stream.of(topics).allMatch((topic) -> knownTopics.contains(cluster + topic))) {
			// made or seen by an endpoint of this JVM already: no admin client per
			// endpoint
			return;
		}
		// only what an admin client takes: the connection, security and SSL settings
		config.keySet().retainAll(AdminClientConfig.configNames());
		copyExtra(options.producerProperties(), config);
		int timeout = (int) Math.min(Integer.MAX_VALUE, spec.sendTimeout().toMillis());
		config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
		config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(timeout, 30_000));
		config.put(AdminClientConfig.CLIENT_ID_CONFIG, "ipc-" + spec.name() + "-admin");
		try (Admin admin = Admin.create(config)) {
			Set<String> existing = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
			List<NewTopic> missing = new ArrayList<>();
			for (String topic : Set.of(topics)) {
				if (!existing.contains(topic)) {
					missing.add(new NewTopic(topic, Optional.empty(), Optional.empty()));
				}
			}
			if (!missing.isEmpty()) {
				createAll(admin, missing, timeout);
			}
			for (String topic : topics) {
				knownTopics.add(cluster + topic);
			}
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
				// the admin client's own timeout (default.api.timeout.ms = send-timeout)
				// ran out first: no broker answered, nothing was refused
				throw unreachable(spec, config, topics, ex.getCause());
			}
			throw new IpcException(ErrorReason.IO,
					"Kafka endpoint '" + spec.name() + "' could not create its topics " + Set.of(topics) + ": "
							+ ex.getCause().getMessage() + " (create them apart and set kafka.create-topics: false)",
					ex.getCause());
		}
		catch (TimeoutException ex) {
			throw unreachable(spec, config, topics, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while creating topics " + Set.of(topics), ex);
		}
	}

	private static IpcException unreachable(EndpointSpec spec, Map<String, Object> config, String[] topics,
			Throwable cause) {
		return new IpcException(ErrorReason.TIMEOUT,
				"Kafka endpoint '" + spec.name() + "' could not reach the broker at "
						+ config.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) + " within send-timeout "
						+ Durations.simple(spec.sendTimeout()) + " to check its topics " + Set.of(topics),
				cause);
	}

	private static void createAll(Admin admin, List<NewTopic> missing, int timeout)
			throws ExecutionException, TimeoutException, InterruptedException {
		for (var result : admin.createTopics(missing).values().values()) {
			try {
				result.get(timeout, TimeUnit.MILLISECONDS);
			}
			catch (ExecutionException ex) {
				if (!(ex.getCause() instanceof TopicExistsException)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Non-Kafka keys (such as Spring Boot's SSL bundle object for its engine factory) go
	 * along unfiltered.
	 */
	private static void copyExtra(Map<String, Object> from, Map<String, Object> to) {
		from.forEach((key, value) -> {
			if (!ProducerConfig.configNames().contains(key)) {
				to.put(key, value);
			}
		});
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** The last header of that name as text, or {@code null}. */
	static @Nullable String header(Headers headers, String name) {
		Header header = headers.lastHeader(name);
		return (header != null && header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : null;
	}

	/**
	 * The reason with this tag; {@link ErrorReason#HANDLER} for one this version does not
	 * know.
	 */
	static ErrorReason reason(String tag) {
		for (ErrorReason reason : ErrorReason.values()) {
			if (reason.tag().equals(tag)) {
				return reason;
			}
		}
		return ErrorReason.HANDLER;
	}

	static long millis(Duration duration) {
		return Math.max(0, Math.min(Long.MAX_VALUE / 2, duration.toMillis()));
	}

}
