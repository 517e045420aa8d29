package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ShutdownSignalException;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The publishing side of an {@code amqp} endpoint: one connection and one channel, opened
 * on first use and again after a loss (with back-off, within {@code send-timeout}).
 * Messages are persistent and {@code mandatory}; a one-way send returns when the broker
 * confirms it (publisher confirms), and fails when the broker returns it as unroutable or
 * nacks it. A request goes out with RabbitMQ's direct reply-to
 * ({@code amq.rabbitmq.reply-to}, consumed on the same channel) and a
 * {@code correlation_id}; the reply with that id completes it, none within
 * {@code reply-timeout} is a {@code timeout}, and the request expires in the queue after
 * that long, so a late server does not answer a caller long gone.
 */
final class AmqpClient implements IpcClient {

	/** RabbitMQ's pseudo-queue for replies to this channel. */
	static final String DIRECT_REPLY_TO = "amq.rabbitmq.reply-to";

	private final EndpointSpec spec;

	private final AmqpOptions options;

	private final AmqpConnector connector;

	private final boolean gateway;

	/** Unique per client: with a counter, the message and correlation ids. */
	private final String idPrefix;

	private final AtomicLong ids = new AtomicLong();

	/** {@code <endpoint>/<pid>}: who sent a message, for the receiving side's peer. */
	private final String appId;

	private final ReentrantLock connecting = new ReentrantLock();

	private volatile @Nullable Link link;

	private volatile boolean closed;

	AmqpClient(EndpointSpec spec, AmqpOptions options, AmqpBroker broker) {
		this.spec = spec;
		this.options = options;
		this.connector = new AmqpConnector(spec, broker, false);
		this.gateway = spec.role().isGateway();
		this.idPrefix = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE) + "-";
		this.appId = spec.name() + "/" + ProcessHandle.current().pid();
	}

	@Override
	public void send(byte[] payload) throws IOException {
		checkSendable(payload);
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		String messageId = this.idPrefix + this.ids.incrementAndGet();
		while (true) {
			Link current = link(deadline);
			CompletableFuture<Void> confirmed;
			try {
				confirmed = current.publish(messageId, payload);
			}
			catch (IOException | RuntimeException ex) {
				// not published: the connection was lost under us; once more on a new one
				current.drop(ex);
				continue;
			}
			try {
				confirmed.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				return;
			}
			catch (TimeoutException ex) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"The broker at " + this.connector.describe() + " did not confirm a message within send-timeout "
								+ Durations.simple(this.spec.sendTimeout()));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IpcException(ErrorReason.IO, "Interrupted while waiting for the broker's confirm", ex);
			}
			catch (ExecutionException ex) {
				if (ex.getCause() instanceof LinkLost && System.nanoTime() < deadline) {
					continue; // fate unknown: sent again, at least once (same message_id)
				}
				throw asIpc(ex.getCause());
			}
		}
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		checkSendable(payload);
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		String correlationId = this.idPrefix + this.ids.incrementAndGet();
		Link current = link(deadline);
		CompletableFuture<Reply> replied;
		try {
			replied = current.request(correlationId, payload);
		}
		catch (IOException | RuntimeException ex) {
			current.drop(ex);
			current = link(deadline);
			replied = current.request(correlationId, payload);
		}
		try {
			Reply reply = replied.get(this.spec.replyTimeout().toNanos(), TimeUnit.NANOSECONDS);
			IpcException failure = AmqpReplies.failureOf(reply.properties(), this.spec.address());
			if (failure != null) {
				throw failure;
			}
			if (reply.body().length > this.spec.maxMessageSize()) {
				throw new IpcException(ErrorReason.OVERSIZE, "A reply of " + reply.body().length
						+ " bytes is larger than max-message-size (" + this.spec.maxMessageSize() + " bytes)");
			}
			return reply.body();
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT, "No reply within reply-timeout "
					+ Durations.simple(this.spec.replyTimeout()) + " to a request on " + this.spec.address());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while waiting for a reply", ex);
		}
		catch (ExecutionException ex) {
			throw asIpc(ex.getCause());
		}
		finally {
			current.forget(correlationId);
		}
	}

	private void checkSendable(byte[] payload) throws IpcException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is closed");
		}
		if (payload.length > this.spec.maxMessageSize()) {
			throw new IpcException(ErrorReason.OVERSIZE, "A message of " + payload.length
					+ " bytes is larger than max-message-size (" + this.spec.maxMessageSize() + " bytes)");
		}
	}

	private static IpcException asIpc(Throwable cause) {
		if (cause instanceof IpcException ipc) {
			return ipc;
		}
		return new IpcException(ErrorReason.IO, String.valueOf(cause.getMessage()), cause);
	}

	/**
	 * The open link, or a new one; connecting again with back-off until {@code deadline}.
	 */
	private Link link(long deadline) throws IOException {
		Link current = this.link;
		if (current != null) {
			return current;
		}
		long wait = Math.max(1, this.spec.reconnectInitialInterval().toMillis());
		long max = Math.max(wait, this.spec.reconnectMaxInterval().toMillis());
		try {
			if (!this.connecting.tryLock(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
				throw unreachable(null);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while connecting", ex);
		}
		try {
			while (true) {
				current = this.link;
				if (current != null) {
					return current;
				}
				if (this.closed) {
					throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is closed");
				}
				try {
					current = new Link(this.connector.open());
					this.link = current;
					return current;
				}
				catch (IOException ex) {
					long left = deadline - System.nanoTime();
					if (left <= 0) {
						throw unreachable(ex);
					}
					try {
						// the last attempt at the deadline: a send gives up after
						// send-timeout, not a back-off step before it
						Thread.sleep(Math.min(wait, TimeUnit.NANOSECONDS.toMillis(left) + 1));
					}
					catch (InterruptedException ie) {
						Thread.currentThread().interrupt();
						throw new IpcException(ErrorReason.IO, "Interrupted while connecting", ie);
					}
					wait = Math.min(max, wait * 2);
				}
			}
		}
		finally {
			this.connecting.unlock();
		}
	}

	private IpcException unreachable(@Nullable Exception cause) {
		String message = "Cannot reach the broker at " + this.connector.describe() + " within send-timeout "
				+ Durations.simple(this.spec.sendTimeout()) + ((cause != null) ? ": " + cause.getMessage() : "");
		return (cause != null) ? new IpcException(ErrorReason.TIMEOUT, message, cause)
				: new IpcException(ErrorReason.TIMEOUT, message);
	}

	@Override
	public int peerCount() {
		return (this.link != null) ? 1 : 0;
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		this.closed = true;
		Link current = this.link;
		this.link = null;
		if (current != null) {
			current.close();
		}
	}

	/** A reply as it came. */
	private record Reply(AMQP.BasicProperties properties, byte[] body) {
	}

	/**
	 * The connection and channel were lost with the call in flight: its fate is unknown.
	 */
	private static final class LinkLost extends IpcException {

		LinkLost(String message, Throwable cause) {
			super(ErrorReason.IO, message, cause);
		}

	}

	/**
	 * One connection and its channel, with the calls in flight on it: confirms awaited by
	 * publish sequence number, replies awaited by correlation id.
	 */
	private final class Link {

		private final Connection connection;

		private final Channel channel;

		private final ConcurrentNavigableMap<Long, Pending> unconfirmed = new ConcurrentSkipListMap<>();

		private final Set<String> returned = ConcurrentHashMap.newKeySet();

		private final Map<String, CompletableFuture<Reply>> awaitingReply = new ConcurrentHashMap<>();

		private final Object publishing = new Object();

		private final AMQP.BasicProperties.Builder template;

		Link(Connection connection) throws IOException {
			this.connection = connection;
			try {
				this.channel = connection.createChannel();
				String exchange = AmqpClient.this.options.getExchange();
				String address = AmqpClient.this.spec.address();
				if (AmqpClient.this.options.isDeclare() && exchange.isEmpty()) {
					AmqpClient.this.connector.declareQueue(this.channel, address,
							AmqpClient.this.options.deadLetterQueueFor(address));
				}
				this.channel.addReturnListener(this::returned);
				if (AmqpClient.this.gateway) {
					this.channel.basicConsume(DIRECT_REPLY_TO, true, new Replies(this.channel));
				}
				else {
					this.channel.confirmSelect();
					this.channel.addConfirmListener((tag, multiple) -> confirmed(tag, multiple, null),
							(tag, multiple) -> confirmed(tag, multiple, "The broker refused (nacked) the message"));
				}
				this.channel.addShutdownListener(this::lost);
				connection.addShutdownListener(this::lost);
			}
			catch (IOException | RuntimeException ex) {
				connection.abort();
				throw ex;
			}
			this.template = new AMQP.BasicProperties.Builder().deliveryMode(2).appId(AmqpClient.this.appId);
			if (AmqpClient.this.gateway) {
				this.template.replyTo(DIRECT_REPLY_TO)
					.expiration(Long.toString(Math.max(1, AmqpClient.this.spec.replyTimeout().toMillis())));
			}
		}

		CompletableFuture<Void> publish(String messageId, byte[] payload) throws IOException {
			CompletableFuture<Void> confirmed = new CompletableFuture<>();
			AMQP.BasicProperties properties;
			synchronized (this.template) {
				properties = this.template.messageId(messageId).build();
			}
			synchronized (this.publishing) {
				long sequence = this.channel.getNextPublishSeqNo();
				this.unconfirmed.put(sequence, new Pending(messageId, confirmed));
				try {
					this.channel.basicPublish(AmqpClient.this.options.getExchange(), AmqpClient.this.spec.address(),
							true, properties, payload);
				}
				catch (IOException | RuntimeException ex) {
					this.unconfirmed.remove(sequence);
					throw ex;
				}
			}
			return confirmed;
		}

		CompletableFuture<Reply> request(String correlationId, byte[] payload) throws IOException {
			CompletableFuture<Reply> replied = new CompletableFuture<>();
			AMQP.BasicProperties properties;
			synchronized (this.template) {
				properties = this.template.correlationId(correlationId).build();
			}
			this.awaitingReply.put(correlationId, replied);
			try {
				synchronized (this.publishing) {
					this.channel.basicPublish(AmqpClient.this.options.getExchange(), AmqpClient.this.spec.address(),
							true, properties, payload);
				}
			}
			catch (IOException | RuntimeException ex) {
				this.awaitingReply.remove(correlationId);
				throw ex;
			}
			return replied;
		}

		void forget(String correlationId) {
			this.awaitingReply.remove(correlationId);
		}

		/**
		 * Broker's basic.return, sent before its confirm: the message reached no queue.
		 */
		private void returned(Return message) {
			String id = message.getProperties().getMessageId();
			if (id != null) {
				this.returned.add(id);
			}
			String correlationId = message.getProperties().getCorrelationId();
			CompletableFuture<Reply> caller = (correlationId != null) ? this.awaitingReply.get(correlationId) : null;
			if (caller != null) {
				caller.completeExceptionally(unroutable(message));
			}
			else if (id != null) {
				this.returnedWhy = unroutable(message);
			}
		}

		private volatile @Nullable IpcException returnedWhy;

		private IpcException unroutable(Return message) {
			return new IpcException(ErrorReason.IO,
					"The broker could not route the message to any queue (" + message.getReplyText() + ", exchange '"
							+ message.getExchange() + "', routing key '" + message.getRoutingKey()
							+ "'): declare and bind a queue for it, or start the inbound endpoint first");
		}

		private void confirmed(long sequence, boolean multiple, @Nullable String refusal) {
			Map<Long, Pending> done = multiple ? this.unconfirmed.headMap(sequence, true)
					: this.unconfirmed.subMap(sequence, true, sequence, true);
			for (Pending pending : done.values()) {
				if (refusal != null) {
					pending.confirmed().completeExceptionally(new IpcException(ErrorReason.IO, refusal));
				}
				else if (!this.returned.isEmpty() && this.returned.remove(pending.messageId())) {
					IpcException why = this.returnedWhy;
					pending.confirmed()
						.completeExceptionally((why != null) ? why : new IpcException(ErrorReason.IO, "Unroutable"));
				}
				else {
					pending.confirmed().complete(null);
				}
			}
			done.clear();
		}

		/**
		 * The connection or channel went down: every call in flight fails, the next one
		 * reconnects.
		 */
		private void lost(ShutdownSignalException cause) {
			drop(cause);
		}

		void drop(Throwable cause) {
			if (AmqpClient.this.link == this) {
				AmqpClient.this.link = null;
			}
			LinkLost failure = new LinkLost("Lost the broker at " + AmqpClient.this.connector.describe() + ": "
					+ AmqpConnector.brokerSays(cause), cause);
			this.unconfirmed.values().forEach((pending) -> pending.confirmed().completeExceptionally(failure));
			this.unconfirmed.clear();
			this.awaitingReply.values().forEach((caller) -> caller.completeExceptionally(failure));
			this.awaitingReply.clear();
			if (this.connection.isOpen()) {
				this.connection.abort();
			}
		}

		void close() {
			this.connection.abort((int) io.ipcstarter.transport.IpcTransport.DRAIN_TIMEOUT.toMillis());
			drop(new IpcException(ErrorReason.IO, "closed"));
		}

		/**
		 * Direct reply-to consumer: completes the caller waiting for each correlation id.
		 */
		private final class Replies extends DefaultConsumer {

			Replies(Channel channel) {
				super(channel);
			}

			@Override
			public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties,
					byte[] body) {
				String correlationId = properties.getCorrelationId();
				CompletableFuture<Reply> caller = (correlationId != null) ? awaitingReply.remove(correlationId) : null;
				if (caller != null) {
					caller.complete(new Reply(properties, body));
				}
				// else: a late reply to a caller that timed out; dropped
			}

		}

	}

	/** A message awaiting the broker's confirm. */
	private record Pending(String messageId, CompletableFuture<Void> confirmed) {
	}

}
