package io.ipcstarter.integration;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.integration.context.IntegrationContextUtils;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.ErrorMessage;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * What the inbound adapter and the inbound gateway share (they extend different Spring Integration base classes):
 * the server's lifecycle, turning bytes into a message with the {@code ipc_} headers, and reporting failures.
 */
final class InboundEndpointSupport {

	private static final Log logger = LogFactory.getLog(InboundEndpointSupport.class);

	private final IpcTransport transport;

	private final EndpointSpec spec;

	private final PayloadConverter converter;

	private volatile IpcServer server;

	private volatile IpcEndpointObserver observer = IpcEndpointObserver.NONE;

	InboundEndpointSupport(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.transport = transport;
		this.spec = spec;
		this.converter = converter;
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

	void observer(IpcEndpointObserver observer) {
		this.observer = (observer != null) ? observer : IpcEndpointObserver.NONE;
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

	/** The message for received bytes: the converted payload and the {@code ipc_} headers. */
	Message<?> toMessage(byte[] bytes, Peer peer) {
		return toMessage(bytes, peer, Map.of());
	}

	/**
	 * The message for received bytes with the transport's own attributes, each as a header {@code ipc_<key>}.
	 */
	Message<?> toMessage(byte[] bytes, Peer peer, Map<String, ?> attributes) {
		this.observer.received(bytes.length);
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
		attributes.forEach((key, value) -> headers.put(IpcHeaders.PREFIX + key, value));
		return new GenericMessage<>(this.converter.fromBytes(bytes), headers);
	}

	/**
	 * Count a failure and send it to the error channel; without one, log it (a failure is never silent).
	 * @param errorChannel sends an error message, returning {@code false} when there is no channel
	 */
	void reportError(ErrorReason reason, Throwable cause, Peer peer, ErrorSink errorChannel) {
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
	static MessageChannel errorChannel(MessageChannel configured, BeanFactory beanFactory) {
		if (configured != null) {
			return configured;
		}
		if (beanFactory.containsBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME)) {
			return beanFactory.getBean(IntegrationContextUtils.ERROR_CHANNEL_BEAN_NAME, MessageChannel.class);
		}
		return null;
	}

	/** An error sink sending to a channel looked up late (channels may be created after the endpoint). */
	static ErrorSink sinkOf(Supplier<MessageChannel> channel) {
		return message -> {
			MessageChannel target = channel.get();
			return target != null && target.send(message, 1000);
		};
	}

}
