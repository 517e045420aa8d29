package io.ipcstarter.remote;

import org.jspecify.annotations.Nullable;

/**
 * Why a remote call failed: the {@code error.code} of an error reply (the first four), or
 * what the calling side found itself (the last three, never on the wire).
 */
public enum RemoteErrorCode {

	/** The request is no call envelope: not JSON, not an object, wrong {@code v}. */
	BAD_REQUEST("bad-request"),

	/** The interface has no method of that key. */
	UNKNOWN_METHOD("unknown-method"),

	/**
	 * The parameters do not fit the method: wrong count, or a value of the wrong type.
	 */
	BAD_ARGUMENTS("bad-arguments"),

	/**
	 * The service threw: {@code error.type} names the exception's class, {@code message}
	 * is its message.
	 */
	EXCEPTION("exception"),

	/** No reply came within the endpoint's {@code reply-timeout} (calling side only). */
	TIMEOUT("timeout"),

	/**
	 * The endpoint could not carry the call: no peer, the connection broke (calling side
	 * only).
	 */
	UNAVAILABLE("unavailable"),

	/**
	 * The reply is no reply envelope, or its result does not fit the return type (calling
	 * side only).
	 */
	BAD_REPLY("bad-reply");

	private final String code;

	RemoteErrorCode(String code) {
		this.code = code;
	}

	/** The code as the wire and reports spell it. */
	public String code() {
		return this.code;
	}

	/** The code of that spelling; {@code null} for one this version does not know. */
	public static @Nullable RemoteErrorCode of(@Nullable String code) {
		for (RemoteErrorCode candidate : values()) {
			if (candidate.code.equals(code)) {
				return candidate;
			}
		}
		return null;
	}

}
