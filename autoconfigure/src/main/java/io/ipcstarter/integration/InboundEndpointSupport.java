package io.ipcstarter.integration;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

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
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * What the inbound adapter and the inbound gateway share (they extend different Spring Integration base classes):
 * the server's lifecycle, turning bytes into a message with the {@code ipc_} headers (and the peer's embedded
 * headers), observing each receipt, and reporting failures.
 */
final class InboundEndpointSupport {

	private static final Log logger = LogFactory.getLog(InboundEndpointSupport.class);

	private final IpcTransport transport;

	private final EndpointSpec spec;

	private final PayloadConverter converter;

	private final BacklogReporting backlogReporting;

	private volatile @Nullable IpcServer server;

	private volatile IpcEndpointObserver observer = IpcEndpointObserver.NONE;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile @Nullable PeerHeaders lastPeer;

	/** Whether message ids come from Spring's id generator (the application declared its own), not ours. */
	private volatile boolean springIds;

	InboundEndpointSupport(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.transport = transport;
		this.spec = spec;
		this.converter = converter;
		this.backlogReporting = transport.backlogReporting(spec);
	}

	EndpointSpec spec() {
		return this.spec;
	}

	PayloadConverter converter() {
		return this.converter;
	}

	IpcEndpointObserver observer() {
		return this.observer;
	}

	void observer(@Nullable IpcEndpointObserver observer) {
		this.observer = (observer != null) ? observer : IpcEndpointObserver.NONE;
	}

	/**
	 * Keep Spring's message ids when the application declares an {@link IdGenerator} bean (Spring Integration then
	 * installs it for every message); otherwise received messages get {@link ReceivedMessageHeaders}' cheaper ids.
	 */
	void idsFrom(BeanFactory beanFactory) {
		this.springIds = beanFactory instanceof ListableBeanFactory listable
				&& listable.getBeanNamesForType(IdGenerator.class, false, false).length > 0;
	}

	void observationRegistry(@Nullable ObservationRegistry registry) {
		this.observationRegistry = (registry != null) ? registry : ObservationRegistry.NOOP;
	}

	void start(InboundListener listener) {
		IpcServer created = this.transport.createServer(this.spec);
		try {
			created.start(listener);
		}
		catch (Exception ex) {
			created.close();
			throw new EndpointStartException(this.spec.name(), this.spec.address(), ex);
		}
		this.server = created;
	}

	void stop() {
		IpcServer current = this.server;
		this.server = null;
		if (current != null) {
			current.close();
		}
	}

	String address() {
		IpcServer current = this.server;
		return (current != null) ? current.address() : this.spec.address();
	}

	int peerCount() {
		IpcServer current = this.server;
		return (current != null) ? current.peerCount() : 0;
	}

	BacklogReporting backlogReporting() {
		return this.backlogReporting;
	}

	long backlog() {
		IpcServer current = this.server;
		return (current != null) ? current.backlog() : -1;
	}

	long oldestWaitingMillis() {
		IpcServer current = this.server;
		return (current != null) ? current.oldestWaitingMillis() : -1;
	}

	long failingSince() {
		IpcServer current = this.server;
		return (current != null) ? current.failingSince() : 0;
	}

	/**
	 * Turn a received frame into a message and hand it downstream, inside an {@code ipc.inbound} observation when an
	 * observation registry is set (its scope is open while downstream runs, so the peer's trace continues there).
	 * @param attributes the transport's own per-message attributes, each becoming a header {@code ipc_<key>}
	 * @throws io.ipcstarter.transport.IpcException with reason {@code decode} when the frame's header block is
	 * malformed; nothing is delivered then
	 */
	void receive(byte[] frame, Peer peer, Map<String, ?> attributes, Delivery delivery) throws Exception {
		Map<String, String> embedded;
		Object payload;
		if (this.converter.headerMode() == HeaderMode.NONE) {
			embedded = null;
			payload = this.converter.fromBytes(frame);
		}
		else {
			PayloadConverter.Received received = this.converter.read(frame);
			embedded = received.headers();
			payload = received.payload();
		}
		this.observer.received(frame.length);
		Message<?> message = toMessage(payload, embedded, peer, attributes);
		ObservationRegistry registry = this.observationRegistry;
		if (registry.isNoop()) {
			delivery.deliver(message);
			return;
		}
		ReceiverContext<Map<String, String>> context = new ReceiverContext<>(Map::get);
		context.setCarrier((embedded != null) ? embedded : Map.of());
		context.setRemoteServiceName((peer != null) ? peer.id() : null);
		Observation observation = IpcObservations.inbound(this.spec, context, registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			delivery.deliver(message);
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
		Map<String, Object> ours = peerHeaders(peer);
		if (embedded == null && attributes.isEmpty()) {
			return message(payload, ours); // MessageHeaders copies it: the one header map built per message
		}
		int size = ours.size() + attributes.size() + ((embedded != null) ? embedded.size() : 0);
		Map<String, Object> headers = new HashMap<>((int) (size / 0.75f) + 1);
		if (embedded != null) {
			// the peer's headers first, so that ours win; headers that are local to a process are never taken
			embedded.forEach((name, value) -> {
				if (!PayloadConverter.isLocal(name)) {
					headers.put(name, value);
				}
			});
		}
		headers.putAll(ours);
		// the transport's own attributes (e.g. fileName), each as ipc_<key>
		attributes.forEach((key, value) -> headers.put(IpcHeaders.PREFIX + key, value));
		return message(payload, headers);
	}

	private Message<?> message(Object payload, Map<String, Object> headers) {
		return this.springIds ? new GenericMessage<>(payload, headers)
				: new GenericMessage<>(payload, ReceivedMessageHeaders.of(headers));
	}

	/**
	 * The headers every message from this peer carries ({@code ipc_endpoint}, {@code ipc_transport}, the peer's
	 * id, pid and uid), built once per peer rather than once per message: a connection's messages come in runs.
	 */
	private Map<String, Object> peerHeaders(Peer peer) {
		PeerHeaders last = this.lastPeer;
		if (last != null && last.peer() == peer) {
			return last.headers();
		}
		Map<String, Object> headers = new HashMap<>(8);
		headers.put(IpcHeaders.ENDPOINT, this.spec.name());
		headers.put(IpcHeaders.TRANSPORT, this.spec.transport());
		if (peer != null) {
			headers.put(IpcHeaders.PEER, peer.id());
			if (peer.pid() != null) {
				headers.put(IpcHeaders.PEER_PID, peer.pid());
			}
			if (peer.uid() != null) {
				headers.put(IpcHeaders.PEER_UID, peer.uid());
			}
		}
		// a plain HashMap, not an unmodifiable view: MessageHeaders copies it per message, and copying from the
		// view measured 40% slower; it never leaves this class but as the source of that copy
		this.lastPeer = new PeerHeaders(peer, headers);
		return headers;
	}

	/** The headers of the peer that sent last (readers of several connections replace it: a miss rebuilds). */
	private record PeerHeaders(Peer peer, Map<String, Object> headers) {
	}

	/** Where a received message goes: the adapter's output channel, or the gateway's request-reply exchange. */
	@FunctionalInterface
	interface Delivery {

		void deliver(Message<?> message) throws Exception;

	}

	/**
	 * Count a failure and send it to the error channel; without one, log it (a failure is never silent).
	 * @param errorChannel sends an error message, returning {@code false} when there is no channel
	 */
	void reportError(ErrorReason reason, Throwable cause, @Nullable Peer peer, ErrorSink errorChannel) {
		this.observer.failed(reason, cause);
		String from = (peer != null) ? " from " + peer.id() : "";
		IpcMessagingException error = (cause instanceof IpcMessagingException ipc) ? ipc
				: new IpcMessagingException(this.spec.name(), reason, String.valueOf(cause.getMessage()) + from, cause);
		boolean sent = false;
		try {
			sent = errorChannel.send(new ErrorMessage(error));
		}
		catch (RuntimeException ex) {
			logger.warn("Error channel of IPC endpoint '" + this.spec.name() + "' failed", ex);
		}
		if (!sent) {
			logger.warn(error.getMessage(), cause);
		}
	}

	/** Where error messages go; {@code false} when nowhere. */
	@FunctionalInterface
	interface ErrorSink {

		boolean send(ErrorMessage message);

	}

	/** The endpoint's own error channel, else the application's {@code errorChannel}, else none. */
	static @Nullable MessageChannel errorChannel(@Nullable MessageChannel configured, BeanFactory beanFactory) {
		if (configured != null) {
			return configured;
		}
		if (beanFactory.containsBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)) {
			return beanFactory.getBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME, MessageChannel.class);
		}
		return null;
	}

	/** An error sink sending to a channel looked up late (channels may be created after the endpoint). */
	static ErrorSink sinkOf(Supplier<@Nullable MessageChannel> channel) {
		return message -> {
			MessageChannel target = channel.get();
			return target != null && target.send(message, 1000);
		};
	}

}
