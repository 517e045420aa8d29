package io.ipcstarter.remote;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.messaging.Message;

import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.transport.ErrorReason;

/**
 * What a remote's proxy does with a call: writes the call envelope, sends it through the
 * {@link RemoteCallGateway}, and reads the reply as the method's result, or throws what
 * the reply says went wrong. {@code equals}, {@code hashCode}, {@code toString} and
 * default methods run locally.
 */
final class RemoteInvocationHandler implements InvocationHandler {

	private final String remote;

	private final RemoteInterface api;

	private final RemoteCodec codec;

	private final RemoteCallGateway gateway;

	RemoteInvocationHandler(String remote, RemoteInterface api, RemoteCodec codec, RemoteCallGateway gateway) {
		this.remote = remote;
		this.api = api;
		this.codec = codec;
		this.gateway = gateway;
	}

	/** A proxy of the remote's interface that calls through this handler. */
	Object proxy() {
		Class<?> type = this.api.type();
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, this);
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		RemoteMethod remoteMethod = this.api.method(method);
		if (remoteMethod == null) {
			return local(proxy, method, args);
		}
		byte[] request = this.codec.writeCall(remoteMethod, args);
		Message<?> reply;
		try {
			reply = this.gateway.call(request);
		}
		catch (RuntimeException ex) {
			throw failure(remoteMethod, ex);
		}
		if (reply == null) {
			throw new RemoteCallTimeoutException(what(remoteMethod) + ": no reply in time", null);
		}
		return this.codec.readResult(remoteMethod, bytes(reply.getPayload()));
	}

	private @Nullable Object local(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.isDefault()) {
			return InvocationHandler.invokeDefault(proxy, method, args);
		}
		return switch (method.getName()) {
			case "equals" -> proxy == args[0];
			case "hashCode" -> System.identityHashCode(proxy);
			case "toString" -> "IPC remote '" + this.remote + "' (" + this.api.type().getName() + ")";
			default -> throw new UnsupportedOperationException(method + " is not a remote method");
		};
	}

	/**
	 * The endpoint's failure as a remote call's: a timeout, or the endpoint unavailable.
	 */
	private RemoteCallException failure(RemoteMethod method, RuntimeException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MessageTimeoutException
					|| (cause instanceof IpcMessagingException ipc && ipc.getReason() == ErrorReason.TIMEOUT)) {
				return new RemoteCallTimeoutException(what(method) + ": " + ex.getMessage(), ex);
			}
		}
		return new RemoteCallException(RemoteErrorCode.UNAVAILABLE, null, what(method) + ": " + ex.getMessage(), ex);
	}

	private String what(RemoteMethod method) {
		return "remote '" + this.remote + "' " + method.key();
	}

	private static byte[] bytes(Object payload) {
		return (payload instanceof byte[] bytes) ? bytes : payload.toString().getBytes(StandardCharsets.UTF_8);
	}

}
