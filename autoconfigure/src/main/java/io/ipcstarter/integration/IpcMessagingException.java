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
 * (what was wrong, and from which peer), so that whatever logs it prints one line. The
 * same holds for the exit of a peer process that the endpoint answers by itself (a
 * {@code process} endpoint's child, restarted as {@code restart} says): both are
 * {@linkplain #isPeerEvent() peer events}.
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
		return new PeerEvent(endpoint, reason, description, true);
	}

	/**
	 * The exit of a peer process that the endpoint answers by itself (a child of a
	 * {@code process} endpoint), as an inbound endpoint reports it: like
	 * {@linkplain #badInput bad input}, without a stack trace and without a cause.
	 * @param reason what it is counted under ({@code io})
	 */
	static IpcMessagingException peerExit(String endpoint, ErrorReason reason, String description) {
		return new PeerEvent(endpoint, reason, description, false);
	}

	/**
	 * Whether this reports bad input from a peer of an inbound endpoint
	 * ({@link ErrorReason#isBadInput()}): it has no stack trace, and the endpoint logs it
	 * itself, a bounded number of times.
	 */
	public boolean isBadInput() {
		return false;
	}

	/**
	 * Whether this reports an event of a peer's making that the endpoint expects and
	 * copes with by itself: {@linkplain #isBadInput() bad input}, or the exit of a peer
	 * process (a {@code process} endpoint's child, restarted as {@code restart} says). It
	 * has no stack trace, and the endpoint logs it itself, a bounded number of times.
	 */
	public boolean isPeerEvent() {
		return false;
	}

	public String getEndpoint() {
		return this.endpoint;
	}

	public ErrorReason getReason() {
		return this.reason;
	}

	/**
	 * Bad input from a peer, or a peer process's exit: the message is the whole story.
	 */
	private static final class PeerEvent extends IpcMessagingException {

		private final boolean badInput;

		PeerEvent(String endpoint, ErrorReason reason, String description, boolean badInput) {
			super(endpoint, reason, description);
			this.badInput = badInput;
		}

		@Override
		public boolean isBadInput() {
			return this.badInput;
		}

		@Override
		public boolean isPeerEvent() {
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
