package io.ipcstarter.remote;

import org.jspecify.annotations.Nullable;

/**
 * A remote call whose reply did not come within the calling endpoint's
 * {@code reply-timeout} (or that could not be sent within its {@code send-timeout}). The
 * service may still be running it.
 */
public class RemoteCallTimeoutException extends RemoteCallException {

	public RemoteCallTimeoutException(String message, @Nullable Throwable cause) {
		super(RemoteErrorCode.TIMEOUT, null, message, cause);
	}

}
