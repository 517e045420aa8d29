package io.ipcstarter.transport;

import java.io.IOException;

/**
 * An I/O failure on an endpoint, carrying the {@link ErrorReason} it is counted under.
 */
public class IpcException extends IOException {

	private final ErrorReason reason;

	public IpcException(ErrorReason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public IpcException(ErrorReason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	/** Why it failed. */
	public ErrorReason reason() {
		return this.reason;
	}

	/**
	 * The reason to count for any failure: an {@link IpcException}'s own, otherwise
	 * {@link ErrorReason#IO}.
	 */
	public static ErrorReason reasonOf(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof IpcException ipc) {
				return ipc.reason();
			}
		}
		return ErrorReason.IO;
	}

}
