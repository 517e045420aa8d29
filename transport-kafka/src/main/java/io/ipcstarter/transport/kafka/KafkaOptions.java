package io.ipcstarter.transport.kafka;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code kafka} transport ({@code ipc.endpoints.<name>.kafka.*}): only
 * what is per endpoint. The endpoint's {@code address} is its topic. How to reach the
 * broker (bootstrap servers, security, SSL, client tuning) is not here: it is Spring
 * Boot's {@code spring.kafka.*}, which the wiring hands over as plain client properties
 * ({@link #producerProperties(Map)}, {@link #consumerProperties(Map)}); those are not
 * YAML keys of their own, so there is one home for the broker connection.
 */
public class KafkaOptions extends TransportOptions<KafkaOptions> {

	/**
	 * Default number of times one received message is handed to the application before it
	 * is dead-lettered.
	 */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** Default wait between two attempts at one received message. */
	public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofMillis(500);

	/**
	 * Consumer group of an inbound endpoint: processes (and hosts) with the same group
	 * compete for the topic's messages, each going to one of them. Defaults to ipc-NAME,
	 * NAME being the endpoint's name.
	 */
	private @Nullable String groupId;

	/**
	 * Topic an outbound-gateway endpoint reads its replies from; the request names it in
	 * its ipc_replyTopic header, and the answering inbound gateway writes there. Defaults
	 * to the endpoint's topic followed by .replies.
	 */
	private @Nullable String replyTopic;

	/**
	 * How many times an inbound endpoint hands one message to the application before
	 * giving up on it and writing it to the dead-letter topic. 1 for no retry.
	 */
	private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

	/** How long an inbound endpoint waits between two attempts at one message. */
	private Duration retryInterval = DEFAULT_RETRY_INTERVAL;

	/**
	 * Topic where an inbound endpoint writes each message it could not handle in
	 * max-attempts (or could not read: oversize, a request without a reply topic), with
	 * headers saying why. Defaults to the endpoint's topic followed by .DLT.
	 */
	private @Nullable String deadLetterTopic;

	/**
	 * Whether the endpoint creates the topics it uses (its topic, reply topic and
	 * dead-letter topic) when they do not exist, with the broker's default partitions and
	 * replication. Turn it off where topics are provisioned apart; the endpoint then
	 * needs them to exist.
	 */
	private boolean createTopics = true;

	private Map<String, Object> producerProperties = Map.of();

	private Map<String, Object> consumerProperties = Map.of();

	public @Nullable String getGroupId() {
		return this.groupId;
	}

	public void setGroupId(@Nullable String groupId) {
		this.groupId = groupId;
	}

	public @Nullable String getReplyTopic() {
		return this.replyTopic;
	}

	public void setReplyTopic(@Nullable String replyTopic) {
		this.replyTopic = replyTopic;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public @Nullable String getDeadLetterTopic() {
		return this.deadLetterTopic;
	}

	public void setDeadLetterTopic(@Nullable String deadLetterTopic) {
		this.deadLetterTopic = deadLetterTopic;
	}

	public boolean isCreateTopics() {
		return this.createTopics;
	}

	public void setCreateTopics(boolean createTopics) {
		this.createTopics = createTopics;
	}

	/**
	 * Kafka producer properties ({@code ProducerConfig} names) for the broker connection,
	 * e.g. as Spring Boot builds them from {@code spring.kafka.*} and
	 * {@code spring.kafka.producer.*}. The transport sets its own serializers and
	 * {@code acks=all} over them. Not a bean property, so never bound from {@code ipc.*}.
	 */
	public Map<String, Object> producerProperties() {
		return this.producerProperties;
	}

	/** Replace the {@linkplain #producerProperties() producer properties} (copied). */
	public KafkaOptions producerProperties(Map<String, ?> properties) {
		this.producerProperties = Map.copyOf(new HashMap<>(properties));
		return this;
	}

	/**
	 * Kafka consumer properties ({@code ConsumerConfig} names) for the broker connection,
	 * e.g. as Spring Boot builds them from {@code spring.kafka.*} and
	 * {@code spring.kafka.consumer.*}. The transport sets its own deserializers, the
	 * group and manual commits over them. Not a bean property, so never bound from
	 * {@code ipc.*}.
	 */
	public Map<String, Object> consumerProperties() {
		return this.consumerProperties;
	}

	/** Replace the {@linkplain #consumerProperties() consumer properties} (copied). */
	public KafkaOptions consumerProperties(Map<String, ?> properties) {
		this.consumerProperties = Map.copyOf(new HashMap<>(properties));
		return this;
	}

	/**
	 * Set both {@linkplain #producerProperties() producer} and
	 * {@linkplain #consumerProperties() consumer} properties.
	 */
	public KafkaOptions clientProperties(Map<String, ?> properties) {
		return producerProperties(properties).consumerProperties(properties);
	}

}
