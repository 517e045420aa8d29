package io.ipcstarter.integration;

import org.springframework.messaging.Message;
import org.springframework.messaging.MessagingException;

import io.ipcstarter.transport.ErrorReason;

/**
 * A failure on an IPC endpoint as it reaches the error channel: the endpoint, the reason it is counted under, and
 * the peer when known. {@link #getFailedMessage()} is empty when no message could be decoded.
 */
public class IpcMessagingException extends MessagingException {

	private final String endpoint;

	private final ErrorReason reason;

	public IpcMessagingException(String endpoint, ErrorReason reason, String description, Throwable cause) {
		super("IPC endpoint '" + endpoint + "' " + reason.tag() + " error: " + description, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	public IpcMessagingException(Message<?> failed, String endpoint, ErrorReason reason, String description,
			Throwable cause) {
		super(failed, "IPC endpoint '" + endpoint + "' " + reason.tag() + " error: " + description, cause);
		this.endpoint = endpoint;
		this.reason = reason;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public ErrorReason getReason() {
		return this.reason;
	}

}
