package io.ipcstarter.remote;

import org.jspecify.annotations.Nullable;

/**
 * A remote call that did not return: the service threw
 * ({@link RemoteErrorCode#EXCEPTION}, with the remote exception's class name in
 * {@link #getRemoteType()} and its message), the call was refused by the serving side
 * (bad request, unknown method, bad arguments), or the calling side could not complete it
 * (see {@link RemoteCallTimeoutException}). A checked exception that the interface method
 * declares is thrown as itself instead, when the calling side can make one (see
 * docs/remote-calls.md).
 */
public class RemoteCallException extends RuntimeException {

	private final RemoteErrorCode code;

	private final @Nullable String remoteType;

	private final String remoteMessage;

	public RemoteCallException(RemoteErrorCode code, @Nullable String remoteType, String message,
			@Nullable Throwable cause) {
		super(describe(code, remoteType, message), cause);
		this.code = code;
		this.remoteType = remoteType;
		this.remoteMessage = message;
	}

	private static String describe(RemoteErrorCode code, @Nullable String remoteType, String message) {
		return (remoteType != null) ? remoteType + ": " + message : code.code() + ": " + message;
	}

	/** Why the call failed. */
	public RemoteErrorCode getCode() {
		return this.code;
	}

	/**
	 * Class name of the exception the service threw ({@link RemoteErrorCode#EXCEPTION});
	 * {@code null} otherwise.
	 */
	public @Nullable String getRemoteType() {
		return this.remoteType;
	}

	/**
	 * The message as the serving side (or the calling side, for its own failures) gave
	 * it.
	 */
	public String getRemoteMessage() {
		return this.remoteMessage;
	}

}
