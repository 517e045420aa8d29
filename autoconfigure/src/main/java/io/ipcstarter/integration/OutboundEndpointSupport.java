package io.ipcstarter.integration;

import java.io.IOException;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessagingException;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;

/**
 * What the outbound adapter and the outbound gateway share: the client's lifecycle (created on start, closed on
 * stop, connecting lazily in between), converting payloads, and turning transport failures into messaging
 * exceptions that name the endpoint.
 */
final class OutboundEndpointSupport {

	private final IpcTransport transport;

	private final EndpointSpec spec;

	private final PayloadConverter converter;

	private volatile IpcClient client;

	private volatile IpcEndpointObserver observer = IpcEndpointObserver.NONE;

	OutboundEndpointSupport(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
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

	void observer(IpcEndpointObserver observer) {
		this.observer = (observer != null) ? observer : IpcEndpointObserver.NONE;
	}

	synchronized void start() {
		if (this.client == null) {
			this.client = this.transport.createClient(this.spec);
		}
	}

	synchronized void stop() {
		IpcClient current = this.client;
		this.client = null;
		if (current != null) {
			current.close();
		}
	}

	boolean isRunning() {
		return this.client != null;
	}

	String address() {
		IpcClient current = this.client;
		return (current != null) ? current.address() : this.spec.address();
	}

	int peerCount() {
		IpcClient current = this.client;
		return (current != null) ? current.peerCount() : 0;
	}

	/** Send one message; returns once the transport has taken it. */
	void send(Message<?> message) {
		byte[] bytes = this.converter.toBytes(message, this.spec.name());
		long start = System.nanoTime();
		try {
			client(message).send(bytes);
		}
		catch (IOException ex) {
			throw failure(message, ex);
		}
		this.observer.sent(bytes.length, System.nanoTime() - start);
	}

	/** Send a request and return the converted reply payload. */
	Object request(Message<?> message) {
		byte[] bytes = this.converter.toBytes(message, this.spec.name());
		long start = System.nanoTime();
		byte[] reply;
		try {
			reply = client(message).request(bytes);
		}
		catch (IOException ex) {
			throw failure(message, ex);
		}
		this.observer.sent(bytes.length, System.nanoTime() - start);
		this.observer.received(reply.length);
		return this.converter.fromBytes(reply);
	}

	private IpcClient client(Message<?> message) {
		IpcClient current = this.client;
		if (current == null) {
			throw new MessageDeliveryException(message, "IPC endpoint '" + this.spec.name() + "' is stopped");
		}
		return current;
	}

	private MessagingException failure(Message<?> message, IOException ex) {
		ErrorReason reason = IpcException.reasonOf(ex);
		this.observer.failed(reason, ex);
		return new IpcMessagingException(message, this.spec.name(), reason, ex.getMessage(), ex);
	}

}
