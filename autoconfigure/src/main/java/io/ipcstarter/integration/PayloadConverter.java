package io.ipcstarter.integration;

import java.nio.charset.Charset;

import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.Message;

/**
 * Turns received bytes into the configured payload type, and outgoing payloads into bytes: {@code byte[]} is sent
 * as is, {@code String} with the endpoint's charset. Anything else is refused: convert it before it reaches the
 * endpoint (e.g. with an {@code ObjectToJsonTransformer}).
 */
public final class PayloadConverter {

	private final PayloadType type;

	private final Charset charset;

	public PayloadConverter(PayloadType type, Charset charset) {
		this.type = type;
		this.charset = charset;
	}

	public Object fromBytes(byte[] bytes) {
		return (this.type == PayloadType.TEXT) ? new String(bytes, this.charset) : bytes;
	}

	public byte[] toBytes(Message<?> message, String endpoint) {
		Object payload = message.getPayload();
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(this.charset);
		}
		throw new MessageHandlingException(message, "IPC endpoint '" + endpoint + "' sends byte[] or String payloads, not "
				+ payload.getClass().getName() + "; convert it first (e.g. with a transformer)");
	}

}
