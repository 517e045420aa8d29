package io.ipcstarter.integration;

/**
 * Whether message headers travel inside the frame with the payload. Both ends of a link
 * must agree.
 */
public enum HeaderMode {

	/** Frames carry the payload only. The default: any peer can read them. */
	NONE,

	/**
	 * Frames carry a header block (a length-prefixed JSON object of string headers)
	 * before the payload, so headers such as the trace context reach the peer. Layout in
	 * {@code docs/wire-formats.md}.
	 */
	JSON

}
