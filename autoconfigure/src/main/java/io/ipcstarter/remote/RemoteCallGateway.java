package io.ipcstarter.remote;

import org.jspecify.annotations.Nullable;

import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;

/**
 * The calling side's entry into Spring Integration: sends a call envelope to the channel
 * of an {@code outbound-gateway} endpoint and returns the reply that endpoint produces,
 * as every messaging gateway does (the same path as a {@code @MessagingGateway} interface
 * over that endpoint).
 */
final class RemoteCallGateway extends MessagingGatewaySupport {

	RemoteCallGateway() {
		super(false);
	}

	/** The reply message to a call envelope; {@code null} when none came in time. */
	@Nullable Message<?> call(byte[] envelope) {
		return sendAndReceiveMessage(envelope);
	}

	@Override
	public String getComponentType() {
		return "ipc:remote-client";
	}

}
