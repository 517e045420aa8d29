package io.ipcstarter.integration;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import io.ipcstarter.transport.ErrorReason;

/**
 * A failure on an IPC endpoint as it reaches the error channel: the endpoint, the reason
 * it is counted under, and the peer when known. {@link #getFailedMessage()} is empty when
 * no message could be decoded.
 * <p>
 * Bad input from a peer ({@link #isBadInput()}: a frame that does not decode, one over
 * the limit, a peer turned away) is an expected event, not a failure of the application:
 * such an exception has no stack trace and no cause, and its message says all there is
 * (what was wrong, and from which peer), so that whatever logs it prints one line.
 */
public class IpcMessagingException extends MessagingException {

	private final String endpoint;

	private final ErrorReason reason;

	public IpcMessagingException(String endpoint, ErrorReason reason, String description, Throwable cause) {
		super("IPC endpoint '" + endpoint + "' " + reason.tag() + " error: " + description, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	private IpcMessagingException(String endpoint, ErrorReason reason, String description) {
		super("IPC endpoint '" + endpoint + "' " + reason.tag() + " error: " + description);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	public IpcMessagingException(Message<?> failed, String endpoint, ErrorReason reason, String description,
			Throwable cause) {
		super(failed, "IPC endpoint '" + endpoint + "' " + reason.tag() + " error: " + description, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	/**
	 * Bad input from a peer, as an inbound endpoint reports it: without a stack trace (it
	 * would only show the read loop, and a hostile peer could have it printed thousands
	 * of times a second) and without a cause (the transport's exception, whose message
	 * {@code description} carries, would print its own trace).
	 * @param reason one that {@linkplain ErrorReason#isBadInput() is bad input}
	 */
	static IpcMessagingException badInput(String endpoint, ErrorReason reason, String description) {
		return new BadInput(endpoint, reason, description);
	}

	/**
	 * Whether this reports bad input from a peer of an inbound endpoint
	 * ({@link ErrorReason#isBadInput()}): it has no stack trace, and the endpoint logs it
	 * itself, a bounded number of times.
	 */
	public boolean isBadInput() {
		return false;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public ErrorReason getReason() {
		return this.reason;
	}

	/** Bad input from a peer: the message is the whole story. */
	private static final class BadInput extends IpcMessagingException {

		BadInput(String endpoint, ErrorReason reason, String description) {
			super(endpoint, reason, description);
		}

		@Override
		public boolean isBadInput() {
			return true;
		}

		@Override
		public String toString() {
			// this class is a detail
			return IpcMessagingException.class.getName() + ": " + getMessage();
		}

		@Override
		public synchronized Throwable fillInStackTrace() {
			return this; // called by Throwable's constructor: no trace is ever taken
		}

	}

}
