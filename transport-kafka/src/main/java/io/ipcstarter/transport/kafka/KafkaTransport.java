package io.ipcstarter.transport.kafka;

import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.TransportOptions;

/**
 * The {@code kafka} transport: the endpoint's {@code address} is a Kafka topic.
 * {@code inbound} consumes it in a consumer group (competing consumers across processes
 * and hosts) and commits a message's offset only after the application's flow has
 * returned for it: at-least-once. {@code outbound} returns once the broker has
 * acknowledged the record ({@code acks=all}) within {@code send-timeout}. The gateways
 * carry a request with headers {@code ipc_correlationId} and {@code ipc_replyTopic}, and
 * the answer comes back on the reply topic with the same correlation id. A message whose
 * handling fails is tried {@code kafka.max-attempts} times, then written to the
 * dead-letter topic and committed.
 */
public final class KafkaTransport implements IpcTransport {

	/** The transport's id. */
	public static final String ID = "kafka";

	/**
	 * Kafka's own rule for topic names (Topic.LEGAL_CHARS and the 249-character limit).
	 */
	private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

	@Override
	public String id() {
		return ID;
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public @Nullable Class<? extends TransportOptions<?>> optionsType() {
		return KafkaOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		String address = spec.address();
		if (address == null || !isTopic(address) || address.equals(".") || address.equals("..")) {
			throw new InvalidEndpointException(spec.name(), "address", "'" + address + "' is not a Kafka topic name",
					"Set it to the topic: 1 to 249 of the characters a-z A-Z 0-9 . _ -");
		}
		KafkaOptions options = options(spec);
		checkTopic(spec, "kafka.reply-topic", options.getReplyTopic());
		checkTopic(spec, "kafka.dead-letter-topic", options.getDeadLetterTopic());
		if (options.getGroupId() != null && options.getGroupId().isBlank()) {
			throw new InvalidEndpointException(spec.name(), "kafka.group-id", "is blank",
					"Remove it (the group is then ipc-" + spec.name() + ") or name the consumer group");
		}
		if (options.getMaxAttempts() < 1) {
			throw new InvalidEndpointException(spec.name(), "kafka.max-attempts",
					"must be at least 1, was " + options.getMaxAttempts(),
					"Set it to 1 for no retry, or to how many times a message is tried before the dead-letter topic");
		}
		if (options.getRetryInterval().isNegative()) {
			throw new InvalidEndpointException(spec.name(), "kafka.retry-interval", "must not be negative",
					"Set it to a duration such as 500ms");
		}
		if (deadLetterTopic(spec).equals(address)) {
			throw new InvalidEndpointException(spec.name(), "kafka.dead-letter-topic",
					"is the endpoint's own topic, so a failing message would come back for ever",
					"Name another topic, or remove it for " + address + ".DLT");
		}
	}

	private static void checkTopic(EndpointSpec spec, String property, @Nullable String topic) {
		if (topic != null && !isTopic(topic)) {
			throw new InvalidEndpointException(spec.name(), property, "'" + topic + "' is not a Kafka topic name",
					"Set it to 1 to 249 of the characters a-z A-Z 0-9 . _ -, or remove it for the default");
		}
	}

	static boolean isTopic(String name) {
		return TOPIC.matcher(name).matches();
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new KafkaServer(spec, options(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new KafkaClient(spec, options(spec));
	}

	static KafkaOptions options(EndpointSpec spec) {
		KafkaOptions options = spec.option(KafkaOptions.class);
		return (options != null) ? options : new KafkaOptions();
	}

	/** The consumer group of an inbound endpoint. */
	static String groupId(EndpointSpec spec) {
		String group = options(spec).getGroupId();
		return (group != null) ? group : "ipc-" + spec.name();
	}

	/** The topic an outbound gateway reads its replies from. */
	static String replyTopic(EndpointSpec spec) {
		String topic = options(spec).getReplyTopic();
		return (topic != null) ? topic : spec.address() + ".replies";
	}

	/** The topic an inbound endpoint writes the messages it gives up on to. */
	static String deadLetterTopic(EndpointSpec spec) {
		String topic = options(spec).getDeadLetterTopic();
		return (topic != null) ? topic : spec.address() + ".DLT";
	}

}
