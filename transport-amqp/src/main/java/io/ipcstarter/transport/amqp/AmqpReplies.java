package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.LongString;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * How a gateway's answer travels: a message to the request's {@code reply_to} through the
 * default exchange, with the request's {@code correlation_id}; a failed request is
 * answered with an empty body and the header {@code ipc_error: "<reason>: <message>"}, so
 * its caller fails at once with that reason instead of waiting for reply-timeout.
 */
final class AmqpReplies {

	/** Header of an error reply: {@code <reason tag>: <message>}. */
	static final String ERROR_HEADER = "ipc_error";

	/** Longest error message put in a reply. */
	private static final int MAX_ERROR_LENGTH = 1000;

	private AmqpReplies() {
	}

	static void send(Channel channel, AMQP.BasicProperties request, byte[] answer) throws IOException {
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(request.getCorrelationId())
			.build();
		channel.basicPublish("", request.getReplyTo(), properties, answer);
	}

	static void fail(Channel channel, AMQP.BasicProperties request, ErrorReason reason, String message)
			throws IOException {
		String text = reason.tag() + ": "
				+ ((message.length() > MAX_ERROR_LENGTH) ? message.substring(0, MAX_ERROR_LENGTH) : message);
		AMQP.BasicProperties properties = new AMQP.BasicProperties.Builder().correlationId(request.getCorrelationId())
			.headers(Map.of(ERROR_HEADER, text))
			.build();
		channel.basicPublish("", request.getReplyTo(), properties, new byte[0]);
	}

	/**
	 * What to tell a caller about a failure: the message of its innermost cause (the
	 * handler's own words), not a wrapper's, which would carry the request's headers.
	 */
	static String innermostMessage(Throwable failure) {
		Throwable innermost = failure;
		while (innermost.getCause() != null && innermost.getCause() != innermost) {
			innermost = innermost.getCause();
		}
		return String.valueOf(innermost.getMessage());
	}

	/**
	 * The failure an error reply carries, or {@code null} for an answer.
	 */
	static @Nullable IpcException failureOf(AMQP.BasicProperties reply, String address) {
		Map<String, Object> headers = reply.getHeaders();
		Object value = (headers != null) ? headers.get(ERROR_HEADER) : null;
		if (value == null) {
			return null;
		}
		String text = (value instanceof LongString s) ? new String(s.getBytes(), StandardCharsets.UTF_8)
				: value.toString();
		ErrorReason reason = ErrorReason.HANDLER;
		int colon = text.indexOf(':');
		if (colon > 0) {
			String tag = text.substring(0, colon);
			for (ErrorReason r : ErrorReason.values()) {
				if (r.tag().equals(tag)) {
					reason = r;
				}
			}
		}
		return new IpcException(reason, "The server on '" + address + "' failed the request: " + text);
	}

}
