package io.ipcstarter.integration;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

import org.jspecify.annotations.Nullable;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.IdGenerator;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.InboundListener.Reply;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.PeerExitException;

/**
 * The state the inbound adapter and the inbound gateway share: the server's lifecycle,
 * the listener the server calls, turning bytes into a message with the {@code ipc_}
 * headers (and the peer's embedded headers), observing each receipt, and reporting
 * failures. The components add only where a message goes.
 */
final class InboundEndpointSupport extends IpcEndpointState {

	private static final Log logger = LogFactory.getLog(InboundEndpointSupport.class);

	private final BacklogReporting backlogReporting;

	private final InboundListener listener;

	private final BadInputReports badInput;

	private volatile @Nullable IpcServer server;

	private volatile @Nullable PeerHeaders lastPeer;

	/**
	 * Whether message ids come from Spring's id generator (the application declared its
	 * own), not ours.
	 */
	private volatile boolean springIds;

	private volatile ErrorSink errors = (message) -> false;

	/**
	 * @param delivery where each received message goes: the adapter's output channel, or
	 * the gateway's request-reply exchange
	 */
	InboundEndpointSupport(IpcTransport transport, EndpointSpec spec, PayloadConverter converter,
			Supplier<String> beanName, Delivery delivery) {
		super(transport, spec, converter, beanName);
		this.backlogReporting = transport.backlogReporting(spec);
		this.listener = new Listener(delivery);
		this.badInput = new BadInputReports(spec.name());
	}

	/**
	 * Open the server, having learnt from the component's context whether the application
	 * keeps Spring's message ids (it declares an {@link IdGenerator} bean, which Spring
	 * Integration then installs for every message; otherwise received messages get
	 * {@link ReceivedMessageHeaders}' cheaper ids), and where errors go (the endpoint's
	 * own error channel, looked up when an error comes, else the application's
	 * {@code errorChannel}).
	 */
	void start(BeanFactory beanFactory, Supplier<@Nullable MessageChannel> configuredErrorChannel) {
		this.springIds = beanFactory instanceof ListableBeanFactory listable
				&& listable.getBeanNamesForType(IdGenerator.class, false, false).length > 0;
		this.errors = sinkOf(() -> errorChannel(configuredErrorChannel.get(), beanFactory));
		IpcServer created = transport().createServer(spec());
		try {
			created.start(this.listener);
		}
		catch (Exception ex) {
			created.close();
			throw new EndpointStartException(spec().name(), spec().address(), ex);
		}
		this.server = created;
	}

	void stop() {
		IpcServer current = this.server;
		this.server = null;
		if (current != null) {
			current.close();
		}
		this.badInput.stop();
	}

	@Override
	public String address() {
		IpcServer current = this.server;
		return (current != null) ? current.address() : spec().address();
	}

	@Override
	public int peerCount() {
		IpcServer current = this.server;
		return (current != null) ? current.peerCount() : 0;
	}

	@Override
	public BacklogReporting backlogReporting() {
		return this.backlogReporting;
	}

	@Override
	public long backlog() {
		IpcServer current = this.server;
		return (current != null) ? current.backlog() : -1;
	}

	@Override
	public long oldestWaitingMillis() {
		IpcServer current = this.server;
		return (current != null) ? current.oldestWaitingMillis() : -1;
	}

	@Override
	public long failingSince() {
		IpcServer current = this.server;
		return (current != null) ? current.failingSince() : 0;
	}

	/**
	 * Turn a received frame into a message and hand it downstream, inside an
	 * {@code ipc.inbound} observation when an observation registry is set (its scope is
	 * open while downstream runs, so the peer's trace continues there).
	 * @param attributes the transport's own per-message attributes, each becoming a
	 * header {@code ipc_<key>}
	 * @throws io.ipcstarter.transport.IpcException with reason {@code decode} when the
	 * frame's header block is malformed; nothing is delivered then
	 */
	private void receive(byte[] frame, Peer peer, Reply reply, Map<String, ?> attributes, Delivery delivery)
			throws Exception {
		PayloadConverter converter = converter();
		Map<String, String> embedded;
		Object payload;
		if (converter.headerMode() == HeaderMode.NONE) {
			embedded = null;
			payload = converter.fromBytes(frame);
		}
		else {
			PayloadConverter.Received received = converter.read(frame);
			embedded = received.headers();
			payload = received.payload();
		}
		observer().received(frame.length);
		Message<?> message = toMessage(payload, embedded, peer, attributes);
		ObservationRegistry registry = observationRegistry();
		if (registry.isNoop()) {
			delivery.deliver(message, peer, reply);
			return;
		}
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
		context.setCarrier((embedded != null) ? embedded : Map.of());
		context.setRemoteServiceName((peer != null) ? peer.id() : null);
		Observation observation = IpcObservations.inbound(spec(), context, registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			delivery.deliver(message, peer, reply);
		}
		catch (Exception | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	private Message<?> toMessage(Object payload, @Nullable Map<String, String> embedded, Peer peer,
			Map<String, ?> attributes) {
		Map<String, Object> ours = peerHeaders(peer, attributes);
		if (embedded == null) {
			// MessageHeaders copies it: the one header map built per message
			return message(payload, ours);
		}
		Map<String, Object> headers = new HashMap<>((int) ((ours.size() + embedded.size()) / 0.75f) + 1);
		// the peer's headers first, so that ours win; headers that are local to a
		// process are never taken
		embedded.forEach((name, value) -> {
			if (!PayloadConverter.isLocal(name)) {
				headers.put(name, value);
			}
		});
		headers.putAll(ours);
		return message(payload, headers);
	}

	private Message<?> message(Object payload, Map<String, Object> headers) {
		return this.springIds ? new GenericMessage<>(payload, headers)
				: new GenericMessage<>(payload, ReceivedMessageHeaders.of(headers));
	}

	/**
	 * The headers every message from this peer with these transport attributes carries
	 * ({@code ipc_endpoint}, {@code ipc_transport}, the peer's id, pid and uid, and each
	 * attribute as {@code ipc_<key>}), built once per peer and attributes rather than
	 * once per message: a connection's messages come in runs, and a transport passes the
	 * same immutable attributes again while they do not change (a message queue's
	 * priority).
	 */
	private Map<String, Object> peerHeaders(Peer peer, Map<String, ?> attributes) {
		PeerHeaders last = this.lastPeer;
		if (last != null && last.peer() == peer && last.attributes() == attributes) {
			return last.headers();
		}
		Map<String, Object> headers = new HashMap<>(8 + attributes.size() * 2);
		headers.put(IpcHeaders.ENDPOINT, spec().name());
		headers.put(IpcHeaders.TRANSPORT, spec().transport());
		if (peer != null) {
			headers.put(IpcHeaders.PEER, peer.id());
			if (peer.pid() != null) {
				headers.put(IpcHeaders.PEER_PID, peer.pid());
			}
			if (peer.uid() != null) {
				headers.put(IpcHeaders.PEER_UID, peer.uid());
			}
		}
		// the transport's own attributes (e.g. fileName), each as ipc_<key>
		attributes.forEach((key, value) -> headers.put(IpcHeaders.PREFIX + key, value));
		// a plain HashMap, not an unmodifiable view: MessageHeaders copies it per
		// message, and copying from the view measured 40% slower; it never leaves this
		// class but as the source of that copy
		this.lastPeer = new PeerHeaders(peer, attributes, headers);
		return headers;
	}

	/**
	 * The headers of the peer that sent last, with the attributes they were built from
	 * (readers of several connections replace it: a miss rebuilds).
	 */
	private record PeerHeaders(Peer peer, Map<String, ?> attributes, Map<String, Object> headers) {
	}

	/**
	 * Where a received message goes: the adapter's output channel, or the gateway's
	 * request-reply exchange.
	 */
	@FunctionalInterface
	interface Delivery {

		/**
		 * @param peer who sent it
		 * @param reply the way back to that peer (for a gateway)
		 */
		void deliver(Message<?> message, Peer peer, Reply reply) throws Exception;

	}

	/**
	 * What the server calls: every frame becomes a delivered message, every failure a
	 * report.
	 */
	private final class Listener implements InboundListener {

		private final Delivery delivery;

		Listener(Delivery delivery) {
			this.delivery = delivery;
		}

		@Override
		public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
			receive(payload, peer, reply, Map.of(), this.delivery);
		}

		@Override
		public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
			receive(payload, peer, reply, attributes, this.delivery);
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
			reportError(reason, cause, peer);
		}

		@Override
		public void onDropped(long count, Throwable cause) {
			// every one counted, one error message and log line for the batch: a flood
			// drops thousands a second
			for (long i = 1; i < count; i++) {
				observer().failed(ErrorReason.DROPPED, cause);
			}
			reportError(ErrorReason.DROPPED, cause, null);
		}

	}

	@Override
	public void report(ErrorReason reason, Throwable cause) {
		reportError(reason, cause, null);
	}

	/**
	 * Count a failure and send it to the error channel. Bad input from a peer
	 * ({@link ErrorReason#isBadInput()}: an expected event, which a hostile peer can
	 * repeat thousands of times a second), and the exit of a child process that the
	 * endpoint restarts ({@link PeerExitException}: expected too, and repeated by a child
	 * that keeps dying), go there as a one-line exception without a stack trace, and are
	 * logged here a bounded number of times, whether a channel took them or not (see
	 * {@link BadInputReports}); any other failure is logged, with its stack trace, when
	 * no error channel takes it (a failure is never silent).
	 */
	void reportError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
		observer().failed(reason, cause);
		String name = spec().name();
		String description = String.valueOf(cause.getMessage()) + ((peer != null) ? " from " + peer.id() : "");
		IpcMessagingException error;
		if (cause instanceof IpcMessagingException ipc) {
			error = ipc;
		}
		else if (reason.isBadInput()) {
			error = IpcMessagingException.badInput(name, reason, description);
		}
		else if (cause instanceof PeerExitException) {
			error = IpcMessagingException.peerExit(name, reason, description);
		}
		else {
			error = new IpcMessagingException(name, reason, description, cause);
		}
		boolean sent = false;
		try {
			sent = this.errors.send(new ErrorMessage(error));
		}
		catch (RuntimeException ex) {
			logger.warn("Error channel of IPC endpoint '" + name + "' failed", ex);
		}
		if (error.isPeerEvent()) {
			this.badInput.report(error);
		}
		else if (!sent) {
			logger.warn(error.getMessage(), cause);
		}
	}

	/** Where error messages go; {@code false} when nowhere. */
	@FunctionalInterface
	private interface ErrorSink {

		boolean send(ErrorMessage message);

	}

	/**
	 * The endpoint's own error channel, else the application's {@code errorChannel}, else
	 * none.
	 */
	private static @Nullable MessageChannel errorChannel(@Nullable MessageChannel configured, BeanFactory beanFactory) {
		if (configured != null) {
			return configured;
		}
		if (beanFactory.containsBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)) {
			return beanFactory.getBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME, MessageChannel.class);
		}
		return null;
	}

	/**
	 * An error sink sending to a channel looked up late (channels may be created after
	 * the endpoint).
	 */
	private static ErrorSink sinkOf(Supplier<@Nullable MessageChannel> channel) {
		return message -> {
			MessageChannel target = channel.get();
			return target != null && target.send(message, 1000);
		};
	}

}
