package io.ipcstarter.transport.amqp;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code amqp} transport ({@code ipc.endpoints.<name>.amqp.*}): only what
 * is per endpoint (exchange, queue, consumers, retries, dead letters). The broker
 * connection is not among them: it comes from Spring Boot's {@code spring.rabbitmq.*}
 * (see {@link #withBroker(AmqpBroker)}), or is {@code localhost:5672} as guest.
 */
public class AmqpOptions extends TransportOptions<AmqpOptions> {

	/** Default number of unacknowledged messages the broker hands each consumer. */
	public static final int DEFAULT_PREFETCH = 10;

	/**
	 * Default number of times a message is handed to the application before it is
	 * dead-lettered.
	 */
	public static final int DEFAULT_MAX_ATTEMPTS = 3;

	/** Default wait between two attempts at one message. */
	public static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);

	/** Suffix of the default dead-letter queue's name: {@code <queue>.dlq}. */
	public static final String DEAD_LETTER_SUFFIX = ".dlq";

	/**
	 * Exchange that outbound endpoints publish to, with the address as routing key, and
	 * that inbound endpoints bind their queue to, with the address as binding key. Empty
	 * (the default): the broker's default exchange, which routes a message straight to
	 * the queue named by the address. A named exchange must exist on the broker.
	 */
	private String exchange = "";

	/**
	 * Queue an inbound endpoint consumes; by default the address. Set it when several
	 * applications each need every message of one routing key: one queue per application,
	 * all bound to the exchange with the address.
	 */
	private @Nullable String queue;

	/**
	 * Whether the endpoint declares what it uses: the queue (durable, dead-lettering to
	 * the dead-letter queue) and the dead-letter queue, and for an inbound endpoint on a
	 * named exchange its binding. Outbound endpoints declare the queue only on the
	 * default exchange, so that messages sent before a consumer starts wait for it. Turn
	 * it off when the broker's administrators declare queues.
	 */
	private boolean declare = true;

	/**
	 * Number of unacknowledged messages the broker hands each consumer ahead of time
	 * (basic.qos). Higher is faster; the messages a killed consumer held go back to the
	 * queue and are delivered again.
	 */
	private int prefetch = DEFAULT_PREFETCH;

	/**
	 * Number of consumers (each on its own channel and thread) an inbound endpoint runs
	 * on its queue. With more than one, messages are handled concurrently and leave their
	 * send order; competing consumers in other processes share the queue as well.
	 */
	private int concurrency = 1;

	/**
	 * Number of times a message is handed to the application before it is given up and
	 * dead-lettered (1: no retry). Malformed and oversize messages are dead-lettered at
	 * once; gateway requests are not retried (the caller gets the failure).
	 */
	private int maxAttempts = DEFAULT_MAX_ATTEMPTS;

	/** Time between two attempts at one message. */
	private Duration retryInterval = DEFAULT_RETRY_INTERVAL;

	/**
	 * Queue where messages go whose handling failed max-attempts times, or that were
	 * malformed or oversize (by the broker's dead-lettering through the default exchange,
	 * with an x-death header). By default {@code <queue>.dlq}; empty to drop them (each
	 * is still counted as an error).
	 */
	private @Nullable String deadLetterQueue;

	/** The broker to connect to: not a YAML key, filled in from spring.rabbitmq.*. */
	private @Nullable AmqpBroker broker;

	public String getExchange() {
		return this.exchange;
	}

	public void setExchange(String exchange) {
		this.exchange = exchange;
	}

	public @Nullable String getQueue() {
		return this.queue;
	}

	public void setQueue(@Nullable String queue) {
		this.queue = queue;
	}

	public boolean isDeclare() {
		return this.declare;
	}

	public void setDeclare(boolean declare) {
		this.declare = declare;
	}

	public int getPrefetch() {
		return this.prefetch;
	}

	public void setPrefetch(int prefetch) {
		this.prefetch = prefetch;
	}

	public int getConcurrency() {
		return this.concurrency;
	}

	public void setConcurrency(int concurrency) {
		this.concurrency = concurrency;
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

	public @Nullable String getDeadLetterQueue() {
		return this.deadLetterQueue;
	}

	public void setDeadLetterQueue(@Nullable String deadLetterQueue) {
		this.deadLetterQueue = deadLetterQueue;
	}

	/**
	 * The broker connection; {@code null} until a customizer or code sets one (then
	 * {@link AmqpBroker#localhost()}). Not a bean property, so YAML cannot bind it.
	 */
	public @Nullable AmqpBroker broker() {
		return this.broker;
	}

	/** A copy of these options connecting to {@code broker}. */
	public AmqpOptions withBroker(AmqpBroker broker) {
		AmqpOptions copy = copy();
		copy.broker = broker;
		return copy;
	}

	/** The queue an inbound endpoint at {@code address} consumes. */
	String queueFor(String address) {
		return (this.queue != null && !this.queue.isEmpty()) ? this.queue : address;
	}

	/** Its dead-letter queue; empty when dead letters are dropped. */
	String deadLetterQueueFor(String queue) {
		return (this.deadLetterQueue != null) ? this.deadLetterQueue : queue + DEAD_LETTER_SUFFIX;
	}

}
