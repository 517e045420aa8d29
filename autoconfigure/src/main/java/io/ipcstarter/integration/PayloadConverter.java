package io.ipcstarter.integration;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessageHandlingException;
import org.springframework.messaging.MessageHeaders;

import io.ipcstarter.codec.HeaderBlock;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Turns received bytes into the configured payload type, and outgoing payloads into
 * bytes: {@code byte[]} is sent as is, {@code String} with the endpoint's charset.
 * Anything else is refused: convert it before it reaches the endpoint (e.g. with an
 * {@code ObjectToJsonTransformer}).
 * <p>
 * With {@link HeaderMode#JSON} every frame also carries the message's string headers in a
 * {@link HeaderBlock} before the payload. Headers that only mean something inside one
 * process ({@code id}, {@code timestamp}, {@code replyChannel}, {@code errorChannel}) and
 * the {@code ipc_} headers are never sent, and a peer can never set them on our side.
 */
public final class PayloadConverter {

	/** Default payload type of received messages and replies. */
	public static final PayloadType DEFAULT_PAYLOAD_TYPE = PayloadType.BYTES;

	/** Default charset of text payloads. */
	public static final Charset DEFAULT_CHARSET = StandardCharsets.UTF_8;

	/** Default header mode: payload only. */
	public static final HeaderMode DEFAULT_HEADERS = HeaderMode.NONE;

	private final PayloadType type;

	private final Charset charset;

	private final HeaderMode headerMode;

	public PayloadConverter(PayloadType type, Charset charset) {
		this(type, charset, HeaderMode.NONE);
	}

	public PayloadConverter(PayloadType type, Charset charset, @Nullable HeaderMode headerMode) {
		this.type = type;
		this.charset = charset;
		this.headerMode = (headerMode != null) ? headerMode : HeaderMode.NONE;
	}

	/** Whether frames carry a header block. */
	public HeaderMode headerMode() {
		return this.headerMode;
	}

	/** The payload of a frame without a header block. */
	public Object fromBytes(byte[] bytes) {
		return (this.type == PayloadType.TEXT) ? new String(bytes, this.charset) : bytes;
	}

	/**
	 * A received frame as payload and headers: with {@link HeaderMode#NONE} the whole
	 * frame is the payload and the headers are empty.
	 * @throws IpcException with {@link ErrorReason#DECODE} when the header block is
	 * malformed
	 */
	public Received read(byte[] frame) throws IpcException {
		if (this.headerMode == HeaderMode.NONE) {
			return new Received(fromBytes(frame), Collections.emptyMap());
		}
		HeaderBlock.Split split = HeaderBlock.unwrap(frame);
		Object payload = (this.type == PayloadType.TEXT)
				? new String(split.frame(), split.payloadOffset(), split.payloadLength(), this.charset)
				: split.payload();
		return new Received(payload, split.headers());
	}

	public byte[] toBytes(Message<?> message, String endpoint) {
		return toBytes(message, endpoint, Collections.emptyMap());
	}

	/**
	 * The frame for a message.
	 * @param extra headers to embed besides the message's own (the trace context);
	 * ignored with {@link HeaderMode#NONE}
	 */
	public byte[] toBytes(Message<?> message, String endpoint, Map<String, String> extra) {
		byte[] payload = payloadBytes(message, endpoint);
		if (this.headerMode == HeaderMode.NONE) {
			return payload;
		}
		Map<String, String> headers = new LinkedHashMap<>();
		message.getHeaders().forEach((name, value) -> {
			if (value instanceof String text && !isLocal(name)) {
				headers.put(name, text);
			}
		});
		headers.putAll(extra);
		try {
			return HeaderBlock.wrap(headers, payload);
		}
		catch (IpcException ex) {
			throw new IpcMessagingException(message, endpoint, ErrorReason.DECODE, ex.getMessage(), ex);
		}
	}

	private byte[] payloadBytes(Message<?> message, String endpoint) {
		Object payload = message.getPayload();
		if (payload instanceof byte[] bytes) {
			return bytes;
		}
		if (payload instanceof String text) {
			return text.getBytes(this.charset);
		}
		throw new MessageHandlingException(message,
				"IPC endpoint '" + endpoint + "' sends byte[] or String payloads, not " + payload.getClass().getName()
						+ "; convert it first (e.g. with a transformer)");
	}

	/**
	 * Whether a header belongs to this process only: never sent, never taken from a peer.
	 */
	static boolean isLocal(String name) {
		return name.startsWith(IpcHeaders.PREFIX) || MessageHeaders.ID.equals(name)
				|| MessageHeaders.TIMESTAMP.equals(name) || MessageHeaders.REPLY_CHANNEL.equals(name)
				|| MessageHeaders.ERROR_CHANNEL.equals(name);
	}

	/**
	 * A received frame.
	 *
	 * @param payload the converted payload
	 * @param headers the headers embedded by the peer (empty without a header block)
	 */
	public record Received(Object payload, Map<String, String> headers) {
	}

}
