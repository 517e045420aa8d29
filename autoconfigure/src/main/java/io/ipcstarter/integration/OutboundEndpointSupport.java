package io.ipcstarter.integration;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.SenderContext;

import org.jspecify.annotations.Nullable;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageDeliveryException;
import org.springframework.messaging.MessagingException;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;

/**
 * The state the outbound adapter and the outbound gateway share: the client's lifecycle
 * (created on start, closed on stop, connecting lazily in between), converting payloads,
 * observing each call, and turning transport failures into messaging exceptions that name
 * the endpoint.
 */
final class OutboundEndpointSupport extends IpcEndpointState {

	private volatile @Nullable IpcClient client;

	/**
	 * Held shared by every call and exclusively by a stop, so that a stop lets calls in
	 * flight finish.
	 */
	private final ReentrantReadWriteLock calls = new ReentrantReadWriteLock();

	/** The headers the transport takes per message; empty for most transports. */
	private final Set<String> attributes;

	OutboundEndpointSupport(IpcTransport transport, EndpointSpec spec, PayloadConverter converter,
			Supplier<String> beanName) {
		super(transport, spec, converter, beanName);
		this.attributes = transport.outboundAttributes();
	}

	synchronized void start() {
		if (this.client == null) {
			this.client = transport().createClient(spec());
		}
	}

	/**
	 * Stop gracefully: calls in flight finish (within
	 * {@link IpcTransport#DRAIN_TIMEOUT}), calls arriving meanwhile fail as stopped, then
	 * the client closes.
	 */
	synchronized void stop() {
		Lock drain = this.calls.writeLock();
		boolean drained = false;
		try {
			drained = drain.tryLock(IpcTransport.DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			IpcClient current = this.client;
			this.client = null;
			if (current != null) {
				current.close();
			}
		}
		finally {
			if (drained) {
				drain.unlock();
			}
		}
	}

	boolean isRunning() {
		return this.client != null;
	}

	@Override
	public String address() {
		IpcClient current = this.client;
		return (current != null) ? current.address() : spec().address();
	}

	@Override
	public int peerCount() {
		IpcClient current = this.client;
		return (current != null) ? current.peerCount() : 0;
	}

	/** Send one message; returns once the transport has taken it. */
	void send(Message<?> message) {
		Lock call = this.calls.readLock();
		call.lock();
		try {
			ObservationRegistry registry = observationRegistry();
			if (registry.isNoop()) {
				doSend(message, converter().toBytes(message, spec().name()));
				return;
			}
			observed(message, registry, (bytes) -> {
				doSend(message, bytes);
				return null;
			});
		}
		finally {
			call.unlock();
		}
	}

	/**
	 * Send a request and return the reply: its converted payload, or a message when the
	 * peer embedded headers.
	 */
	Object request(Message<?> message) {
		Lock call = this.calls.readLock();
		call.lock();
		try {
			ObservationRegistry registry = observationRegistry();
			if (registry.isNoop()) {
				return doRequest(message, converter().toBytes(message, spec().name()));
			}
			return observed(message, registry, (bytes) -> doRequest(message, bytes));
		}
		finally {
			call.unlock();
		}
	}

	private void doSend(Message<?> message, byte[] bytes) {
		long start = System.nanoTime();
		try {
			IpcClient client = client(message);
			if (this.attributes.isEmpty()) {
				client.send(bytes);
			}
			else {
				client.send(bytes, attributesOf(message));
			}
		}
		catch (IOException ex) {
			throw failure(message, ex);
		}
		observer().sent(bytes.length, System.nanoTime() - start);
	}

	private Object doRequest(Message<?> message, byte[] bytes) {
		long start = System.nanoTime();
		byte[] reply;
		PayloadConverter.Received received;
		try {
			IpcClient client = client(message);
			reply = this.attributes.isEmpty() ? client.request(bytes) : client.request(bytes, attributesOf(message));
			received = (converter().headerMode() == HeaderMode.NONE) ? null : converter().read(reply);
		}
		catch (IOException ex) {
			throw failure(message, ex);
		}
		observer().sent(bytes.length, System.nanoTime() - start);
		observer().received(reply.length);
		if (received == null) {
			return converter().fromBytes(reply);
		}
		if (received.headers().isEmpty()) {
			return received.payload();
		}
		MessageBuilder<Object> answer = MessageBuilder.withPayload(received.payload());
		received.headers().forEach((name, value) -> {
			if (!PayloadConverter.isLocal(name)) {
				answer.setHeader(name, value);
			}
		});
		return answer.build();
	}

	/**
	 * Run a call inside an {@code ipc.outbound} observation. The frame is built after the
	 * observation started, so a tracing handler has injected the trace context into
	 * {@code carrier}, which travels as embedded headers.
	 */
	private @Nullable Object observed(Message<?> message, ObservationRegistry registry, Call call) {
		Map<String, String> carrier = new HashMap<>();
		SenderContext<Map<String, String>> context = new SenderContext<>((map, key, value) -> map.put(key, value));
		context.setCarrier(carrier);
		context.setRemoteServiceName(spec().address());
		Observation observation = IpcObservations.outbound(spec(), context, registry).start();
		try (Observation.Scope scope = observation.openScope()) {
			return call.run(converter().toBytes(message, spec().name(), carrier));
		}
		catch (RuntimeException | Error ex) {
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
	}

	@FunctionalInterface
	private interface Call {

		@Nullable Object run(byte[] bytes);

	}

	/** The values of the transport's per-message headers that this message carries. */
	private Map<String, Object> attributesOf(Message<?> message) {
		Map<String, Object> values = new HashMap<>();
		for (String name : this.attributes) {
			Object value = message.getHeaders().get(name);
			if (value != null) {
				values.put(name, value);
			}
		}
		return values;
	}

	private IpcClient client(Message<?> message) {
		IpcClient current = this.client;
		if (current == null) {
			throw new MessageDeliveryException(message, "IPC endpoint '" + spec().name() + "' is stopped");
		}
		return current;
	}

	private MessagingException failure(Message<?> message, IOException ex) {
		ErrorReason reason = IpcException.reasonOf(ex);
		observer().failed(reason, ex);
		return new IpcMessagingException(message, spec().name(), reason, ex.getMessage(), ex);
	}

}
