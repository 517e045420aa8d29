package io.ipcstarter.remote;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.transport.ErrorReason;

/**
 * The serving side of a remote: takes each call envelope an {@code inbound-gateway}
 * received, calls the service bean's method, and answers with the reply envelope. A
 * request that is no call it can make (not an envelope, an unknown method, parameters
 * that do not fit) is answered with an error reply and counted on the endpoint as bad
 * input ({@code decode}); an exception of the service is answered with an error reply
 * naming its class and message and counted as {@code handler}. Either way the connection
 * stays open and the next call is served.
 */
public final class RemoteServiceHandler extends AbstractReplyProducingMessageHandler {

	private final String remote;

	private final RemoteInterface api;

	private final Object service;

	private final RemoteCodec codec;

	private final IpcEndpoint endpoint;

	/**
	 * @param remote the remote's name, for reports
	 * @param service the bean implementing {@code api}
	 * @param endpoint the inbound gateway the calls come through, where failures are
	 * counted
	 */
	public RemoteServiceHandler(String remote, RemoteInterface api, Object service, RemoteCodec codec,
			IpcEndpoint endpoint) {
		if (!api.type().isInstance(service)) {
			throw new IllegalArgumentException(
					service.getClass().getName() + " does not implement " + api.type().getName());
		}
		this.remote = remote;
		this.api = api;
		this.service = service;
		this.codec = codec;
		this.endpoint = endpoint;
	}

	@Override
	public String getComponentType() {
		return "ipc:remote-service";
	}

	@Override
	protected Object handleRequestMessage(Message<?> request) {
		byte[] bytes = bytes(request.getPayload());
		RemoteCodec.Call call;
		try {
			call = this.codec.readCall(this.api, bytes);
		}
		catch (RemoteCodec.BadCallException ex) {
			report(ErrorReason.DECODE, request, "bad remote call (" + ex.code().code() + "): " + ex.getMessage(), null);
			return this.codec.writeError(ex.code(), null, ex.getMessage());
		}
		Object result;
		try {
			result = call.method().method().invoke(this.service, call.args());
		}
		catch (InvocationTargetException ex) {
			Throwable thrown = (ex.getCause() != null) ? ex.getCause() : ex;
			// a checked exception the method declares is one of its answers (the caller
			// gets it back as itself), not a failure of the service: it is neither
			// counted nor logged
			if (!declares(call.method().method(), thrown)) {
				report(ErrorReason.HANDLER, request, call.method().key() + " threw " + thrown, thrown);
			}
			return this.codec.writeError(RemoteErrorCode.EXCEPTION, thrown.getClass().getName(), thrown.getMessage());
		}
		catch (IllegalAccessException | IllegalArgumentException ex) {
			// the arguments were read as the parameter types, so this is the service's
			// class, not the peer's input
			report(ErrorReason.HANDLER, request, "cannot call " + call.method().key() + ": " + ex, ex);
			return this.codec.writeError(RemoteErrorCode.EXCEPTION, ex.getClass().getName(), ex.getMessage());
		}
		try {
			return this.codec.writeResult(call.method(), result);
		}
		catch (JacksonException ex) {
			report(ErrorReason.HANDLER, request, "the result of " + call.method().key() + " is no JSON: " + ex, ex);
			return this.codec.writeError(RemoteErrorCode.EXCEPTION, ex.getClass().getName(),
					"the result could not be written as JSON: " + ex.getOriginalMessage());
		}
	}

	private static boolean declares(Method method, Throwable thrown) {
		if (thrown instanceof RuntimeException || thrown instanceof Error) {
			return false;
		}
		for (Class<?> declared : method.getExceptionTypes()) {
			if (declared.isInstance(thrown)) {
				return true;
			}
		}
		return false;
	}

	private static byte[] bytes(Object payload) {
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		// an endpoint with payload-type: text; the envelope is UTF-8 JSON either way
		return payload.toString().getBytes(StandardCharsets.UTF_8);
	}

	/** Count a failed call on the endpoint and send it to its error channel. */
	private void report(ErrorReason reason, Message<?> request, String description, @Nullable Throwable cause) {
		Object peer = request.getHeaders().get(IpcHeaders.PEER);
		String text = "remote '" + this.remote + "': " + description + ((peer != null) ? " from " + peer : "");
		this.endpoint.state().report(reason, new RemoteFailure(text, cause));
	}

	/**
	 * What a failed call reports: its description, and the service's exception as cause.
	 */
	private static final class RemoteFailure extends RuntimeException {

		RemoteFailure(String message, @Nullable Throwable cause) {
			super(message, cause, false, cause != null);
		}

	}

}
