package io.ipcstarter.transport.amqp;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code amqp}: endpoints on a RabbitMQ broker over AMQP 0-9-1, through the
 * official client ({@code com.rabbitmq:amqp-client}). The address is a queue name (and
 * the routing key): {@code inbound} endpoints consume the queue (competing consumers
 * across processes and hosts), {@code outbound} ones publish to it and return when the
 * broker confirms, and the gateways use RabbitMQ's direct reply-to with a correlation id.
 * Each message body is one frame of the endpoint (the optional header block, then the
 * payload), unchanged. The broker connection comes from {@link AmqpOptions#broker()}.
 */
public final class AmqpTransport implements IpcTransport {

	/** Longest queue name or routing key AMQP 0-9-1 carries (a short string). */
	static final int MAX_NAME_LENGTH = 255;

	@Override
	public String id() {
		return "amqp";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public Class<AmqpOptions> optionsType() {
		return AmqpOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		String name = spec.name();
		checkName(name, "address", spec.address(), true);
		AmqpOptions options = options(spec);
		checkName(name, "amqp.exchange", options.getExchange(), false);
		if (options.getQueue() != null) {
			checkName(name, "amqp.queue", options.getQueue(), false);
		}
		if (options.getDeadLetterQueue() != null) {
			checkName(name, "amqp.dead-letter-queue", options.getDeadLetterQueue(), false);
		}
		if (options.getExchange().startsWith("amq.") && !options.getExchange().equals("amq.direct")
				&& !options.getExchange().equals("amq.topic") && !options.getExchange().equals("amq.fanout")
				&& !options.getExchange().equals("amq.headers") && !options.getExchange().equals("amq.match")) {
			throw new InvalidEndpointException(name, "amqp.exchange",
					"'" + options.getExchange() + "' is reserved by the broker", "Name an exchange of your own");
		}
		if (options.getPrefetch() < 1 || options.getPrefetch() > 65535) {
			throw new InvalidEndpointException(name, "amqp.prefetch",
					"must be 1 to 65535, was " + options.getPrefetch(),
					"Set it to e.g. " + AmqpOptions.DEFAULT_PREFETCH);
		}
		if (options.getConcurrency() < 1) {
			throw new InvalidEndpointException(name, "amqp.concurrency",
					"must be at least 1, was " + options.getConcurrency(), "Set it to 1 to keep messages in order");
		}
		if (options.getMaxAttempts() < 1) {
			throw new InvalidEndpointException(name, "amqp.max-attempts",
					"must be at least 1, was " + options.getMaxAttempts(), "Set it to 1 for no retry");
		}
		if (options.getRetryInterval() == null || options.getRetryInterval().isNegative()) {
			throw new InvalidEndpointException(name, "amqp.retry-interval", "must not be negative",
					"Set it to e.g. 1s");
		}
	}

	private static void checkName(String endpoint, String property, String value, boolean required) {
		if (required && value.isEmpty()) {
			throw new InvalidEndpointException(endpoint, property, "is empty",
					"Set it to a queue name, e.g. " + endpoint);
		}
		if (value.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
			throw new InvalidEndpointException(endpoint, property,
					"is longer than " + MAX_NAME_LENGTH + " bytes, the most AMQP carries", "Use a shorter name");
		}
		if (property.equals("address") && value.startsWith("amq.")) {
			throw new InvalidEndpointException(endpoint, property,
					"'" + value + "': names starting with amq. are reserved by the broker",
					"Set it to e.g. " + endpoint);
		}
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		AmqpOptions options = options(spec);
		return new AmqpServer(spec, options, broker(options));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		AmqpOptions options = options(spec);
		return new AmqpClient(spec, options, broker(options));
	}

	private static AmqpOptions options(EndpointSpec spec) {
		AmqpOptions options = spec.option(AmqpOptions.class);
		return (options != null) ? options : new AmqpOptions();
	}

	private static AmqpBroker broker(AmqpOptions options) {
		AmqpBroker broker = options.broker();
		return (broker != null) ? broker : AmqpBroker.localhost();
	}

}
