package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import com.rabbitmq.client.ShutdownSignalException;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.InboundListener.Reply;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The consuming side of an {@code amqp} endpoint: {@code concurrency} consumers on the
 * endpoint's queue, each on a channel of its own with {@code prefetch} messages in hand.
 * A message is acknowledged only after the listener returns (at-least-once); a listener
 * that fails is given the message again up to {@code max-attempts} times, then the
 * message is rejected without requeueing, which the broker dead-letters. A gateway
 * answers each request on its {@code reply_to} with its {@code correlation_id}, or with
 * an error reply ({@code ipc_error} header) so the caller fails at once. A lost
 * connection is reported and re-opened with back-off ({@code reconnect.*}).
 */
final class AmqpServer implements IpcServer {

	private static final Map<String, Object> REDELIVERED = Map.of("redelivered", Boolean.TRUE);

	/** Longest message id passed on as a header; a longer one is left out. */
	private static final int MAX_MESSAGE_ID_LENGTH = 255;

	/** Most distinct peers (app ids) whose {@link Peer} is kept for reuse. */
	private static final int MAX_CACHED_PEERS = 256;

	private final EndpointSpec spec;

	private final AmqpOptions options;

	private final AmqpConnector connector;

	private final String queue;

	private final boolean gateway;

	private final Map<String, Peer> peers = new ConcurrentHashMap<>();

	private final Peer unnamedPeer;

	private final AtomicInteger inFlight = new AtomicInteger();

	private final CountDownLatch closing = new CountDownLatch(1);

	private volatile @Nullable InboundListener listener;

	private volatile @Nullable Connection connection;

	private volatile long failingSince;

	AmqpServer(EndpointSpec spec, AmqpOptions options, AmqpBroker broker) {
		this.spec = spec;
		this.options = options;
		this.connector = new AmqpConnector(spec, broker, true);
		this.queue = options.queueFor(spec.address());
		this.gateway = spec.role().isGateway();
		this.unnamedPeer = Peer.of("amqp:" + this.queue);
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		this.listener = listener;
		this.connection = connect();
	}

	private Connection connect() throws IOException {
		Connection opened = this.connector.open();
		try {
			Channel setup = opened.createChannel();
			if (this.options.isDeclare()) {
				this.connector.declareQueue(setup, this.queue, this.options.deadLetterQueueFor(this.queue));
				if (!this.options.getExchange().isEmpty()) {
					setup.queueBind(this.queue, this.options.getExchange(), this.spec.address());
				}
			}
			else {
				setup.queueDeclarePassive(this.queue);
			}
			setup.close();
			for (int i = 0; i < this.options.getConcurrency(); i++) {
				Channel channel = opened.createChannel();
				channel.basicQos(this.options.getPrefetch());
				channel.addShutdownListener((cause) -> lost(opened, cause));
				channel.basicConsume(this.queue, false, new Consumer(channel));
			}
		}
		catch (IOException | TimeoutException | RuntimeException ex) {
			opened.abort();
			if (ex instanceof IpcException ipc) {
				throw ipc;
			}
			throw new IpcException(ErrorReason.IO, "Cannot consume queue '" + this.queue + "' on "
					+ this.connector.describe() + ": " + AmqpConnector.brokerSays(ex), ex);
		}
		opened.addShutdownListener((cause) -> lost(opened, cause));
		return opened;
	}

	/**
	 * The connection or one of its channels went down without our asking: report it once,
	 * and reconnect in the background.
	 */
	private void lost(Connection which, ShutdownSignalException cause) {
		synchronized (this) {
			if (this.connection != which || this.closing.getCount() == 0) {
				return;
			}
			this.connection = null;
		}
		which.abort();
		if (this.failingSince == 0) {
			this.failingSince = System.currentTimeMillis();
		}
		InboundListener current = this.listener;
		if (current != null) {
			current.onError(ErrorReason.IO, new IpcException(ErrorReason.IO,
					"Lost the broker at " + this.connector.describe() + ": " + AmqpConnector.brokerSays(cause), cause),
					null);
		}
		new IpcThreads(this.spec.name(), "amqp-reconnect").newThread(this::reconnect).start();
	}

	private void reconnect() {
		long wait = Math.max(1, this.spec.reconnectInitialInterval().toMillis());
		long max = Math.max(wait, this.spec.reconnectMaxInterval().toMillis());
		while (this.closing.getCount() > 0) {
			try {
				if (this.closing.await(wait, TimeUnit.MILLISECONDS)) {
					return;
				}
				Connection opened = connect();
				synchronized (this) {
					if (this.closing.getCount() == 0) {
						opened.abort();
						return;
					}
					this.connection = opened;
				}
				this.failingSince = 0;
				return;
			}
			catch (IOException ex) {
				wait = Math.min(max, wait * 2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public long failingSince() {
		return this.failingSince;
	}

	@Override
	public void close() {
		Connection current;
		synchronized (this) {
			if (this.closing.getCount() == 0) {
				return;
			}
			this.closing.countDown();
			current = this.connection;
			this.connection = null;
		}
		if (current == null) {
			return;
		}
		// stop deliveries, let the messages in hand finish, then close: what the broker
		// had handed ahead (prefetch) and is not acknowledged goes back to the queue
		long deadline = System.nanoTime() + IpcTransport.DRAIN_TIMEOUT.toNanos();
		while (this.inFlight.get() > 0 && System.nanoTime() < deadline) {
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				break;
			}
		}
		current.abort((int) IpcTransport.DRAIN_TIMEOUT.toMillis());
	}

	/**
	 * What the message carries for the application: its {@code message_id} (so a consumer
	 * can drop the duplicates at-least-once delivery allows), and whether the broker
	 * delivers it again.
	 */
	private static Map<String, ?> attributes(Envelope envelope, AMQP.BasicProperties properties) {
		String id = properties.getMessageId();
		if (id == null || id.isEmpty() || id.length() > MAX_MESSAGE_ID_LENGTH) {
			return envelope.isRedeliver() ? REDELIVERED : Map.of();
		}
		return envelope.isRedeliver() ? Map.of("messageId", id, "redelivered", Boolean.TRUE) : Map.of("messageId", id);
	}

	private Peer peer(@Nullable String appId) {
		if (appId == null || appId.isEmpty()) {
			return this.unnamedPeer;
		}
		Peer known = this.peers.get(appId);
		if (known != null) {
			return known;
		}
		Peer peer = Peer.of("amqp:" + ((appId.length() > 100) ? appId.substring(0, 100) : appId));
		if (this.peers.size() < MAX_CACHED_PEERS) {
			this.peers.put(appId, peer);
		}
		return peer;
	}

	/**
	 * One consumer: its deliveries come one at a time, on the client's consumer threads.
	 */
	private final class Consumer extends DefaultConsumer {

		Consumer(Channel channel) {
			super(channel);
		}

		@Override
		public void handleDelivery(String consumerTag, Envelope envelope, AMQP.BasicProperties properties, byte[] body)
				throws IOException {
			InboundListener current = AmqpServer.this.listener;
			if (current == null || AmqpServer.this.closing.getCount() == 0) {
				return; // not acknowledged: back to the queue when the channel closes
			}
			if (!getChannel().isOpen()) {
				// handed ahead (prefetch) on a channel lost since: the broker has it
				// back and delivers it again, so handling it now would only duplicate it
				return;
			}
			AmqpServer.this.inFlight.incrementAndGet();
			try {
				Peer peer = peer(properties.getAppId());
				if (body.length > AmqpServer.this.spec.maxMessageSize()) {
					oversize(current, envelope, properties, body.length, peer);
				}
				else if (AmqpServer.this.gateway) {
					answer(current, envelope, properties, body, peer);
				}
				else {
					deliver(current, envelope, properties, body, peer);
				}
			}
			finally {
				AmqpServer.this.inFlight.decrementAndGet();
			}
		}

		private void oversize(InboundListener current, Envelope envelope, AMQP.BasicProperties properties, int length,
				Peer peer) throws IOException {
			IpcException failure = new IpcException(ErrorReason.OVERSIZE, "A message of " + length
					+ " bytes is larger than max-message-size (" + AmqpServer.this.spec.maxMessageSize() + " bytes)");
			current.onError(ErrorReason.OVERSIZE, failure, peer);
			if (AmqpServer.this.gateway && properties.getReplyTo() != null) {
				AmqpReplies.fail(getChannel(), properties, ErrorReason.OVERSIZE, failure.getMessage());
				getChannel().basicAck(envelope.getDeliveryTag(), false);
			}
			else {
				getChannel().basicReject(envelope.getDeliveryTag(), false);
			}
		}

		/**
		 * Hand a one-way message to the listener, again after a failure up to
		 * max-attempts; acknowledge it once handled, reject it (dead letter) once given
		 * up. Bad input (a malformed header block) is never retried.
		 */
		private void deliver(InboundListener current, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
				Peer peer) throws IOException {
			Map<String, ?> attributes = attributes(envelope, properties);
			long tag = envelope.getDeliveryTag();
			for (int attempt = 1;; attempt++) {
				try {
					current.onMessage(body, peer, Reply.NONE, attributes);
				}
				catch (Exception ex) {
					ErrorReason reason = (ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER;
					boolean lastAttempt = reason.isBadInput() || attempt >= AmqpServer.this.options.getMaxAttempts();
					if (lastAttempt) {
						current.onError(reason, ex, peer);
						getChannel().basicReject(tag, false);
						return;
					}
					if (waitBeforeRetry()) {
						// stopping: another consumer (or the next start) takes it again
						getChannel().basicReject(tag, true);
						return;
					}
					if (!getChannel().isOpen()) {
						return; // lost meanwhile: the broker delivers it again
					}
					continue;
				}
				// outside the handler's try: an acknowledgement lost with the channel
				// is not a failure of the handler, which must not run again for it; the
				// broker delivers the message again (at-least-once)
				try {
					getChannel().basicAck(tag, false);
				}
				catch (AlreadyClosedException ex) {
					// the connection loss is reported once, by the shutdown listener
				}
				return;
			}
		}

		/** Whether the endpoint began stopping while it waited. */
		private boolean waitBeforeRetry() {
			try {
				return AmqpServer.this.closing.await(AmqpServer.this.options.getRetryInterval().toMillis(),
						TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
		}

		/**
		 * Hand a request to the listener with the way back to its caller; a failure is
		 * reported and answered with an error reply, never retried (the caller knows).
		 */
		private void answer(InboundListener current, Envelope envelope, AMQP.BasicProperties properties, byte[] body,
				Peer peer) throws IOException {
			long tag = envelope.getDeliveryTag();
			String replyTo = properties.getReplyTo();
			if (replyTo == null || replyTo.isEmpty()) {
				current.onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE,
						"A request without reply_to: there is no way to answer it"), peer);
				getChannel().basicReject(tag, false);
				return;
			}
			Reply reply = (answer) -> AmqpReplies.send(getChannel(), properties, answer);
			Map<String, ?> attributes = attributes(envelope, properties);
			try {
				current.onMessage(body, peer, reply, attributes);
			}
			catch (Exception ex) {
				ErrorReason reason = (ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER;
				current.onError(reason, ex, peer);
				AmqpReplies.fail(getChannel(), properties, reason, AmqpReplies.innermostMessage(ex));
			}
			getChannel().basicAck(tag, false);
		}

	}

}
