package io.ipcstarter.transport;

import java.io.IOException;
import java.util.Map;

/**
 * The reaching-out side of an endpoint: it sends messages, and for gateways waits for the
 * replies. Connects lazily on first use and reconnects as needed. Safe for concurrent
 * use.
 */
public interface IpcClient extends AutoCloseable {

	/**
	 * Send one message; returns once the transport has taken it (written to the OS,
	 * committed, renamed...).
	 * @throws IpcException with {@link ErrorReason#TIMEOUT} when that did not happen
	 * within {@code send-timeout}
	 * @throws IOException when the transport failed
	 */
	void send(byte[] payload) throws IOException;

	/**
	 * Send a request and wait for its reply.
	 * @throws IpcException with {@link ErrorReason#TIMEOUT} when no reply came within
	 * {@code reply-timeout}
	 * @throws IOException when the transport failed
	 */
	byte[] request(byte[] payload) throws IOException;

	/**
	 * Send one message with per-message attributes: the values of the headers the
	 * transport named in {@link IpcTransport#outboundAttributes()} (a window message's
	 * type, a queue priority...), present only when the message carried them. Transports
	 * without such attributes need not override it.
	 * @see #send(byte[])
	 */
	default void send(byte[] payload, Map<String, Object> attributes) throws IOException {
		send(payload);
	}

	/**
	 * Send a request with per-message attributes and wait for its reply.
	 * @see #send(byte[], Map)
	 * @see #request(byte[])
	 */
	default byte[] request(byte[] payload, Map<String, Object> attributes) throws IOException {
		return request(payload);
	}

	/**
	 * Number of open connections right now; 0 for transports without connections, which
	 * need not override it.
	 */
	default int peerCount() {
		return 0;
	}

	/** A description of where it sends to, for logs and the actuator. */
	String address();

	/** Close every connection; in-flight calls fail. */
	@Override
	void close();

}
