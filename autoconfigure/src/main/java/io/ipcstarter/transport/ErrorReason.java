package io.ipcstarter.transport;

/**
 * Why something went wrong on an endpoint: the {@code reason} tag of the
 * {@code ipc.errors} meter.
 */
public enum ErrorReason {

	/**
	 * Bytes that do not form a valid frame (garbage, a truncated frame, a peer that died
	 * mid-frame).
	 */
	DECODE("decode"),

	/** A frame larger than {@code max-message-size}. */
	OVERSIZE("oversize"),

	/** The operating system refused or broke the I/O. */
	IO("io"),

	/** A peer the endpoint does not accept (uid not allowed, too many connections). */
	PEER_REJECTED("peer-rejected"),

	/** A send or a reply did not complete in time. */
	TIMEOUT("timeout"),

	/** The transport or role cannot work here. */
	UNSUPPORTED("unsupported"),

	/** The application's own handling of a message failed. */
	HANDLER("handler"),

	/**
	 * Messages the operating system dropped before the endpoint could read them, as the
	 * OS counts them ({@code udp} on Linux: a full receive buffer). Added last so that
	 * the other reasons keep their ordinals.
	 */
	DROPPED("dropped");

	private final String tag;

	ErrorReason(String tag) {
		this.tag = tag;
	}

	/** The value used as a meter tag and in reports. */
	public String tag() {
		return this.tag;
	}

	/**
	 * Whether it is a peer's doing rather than a failure of this application: bytes that
	 * are no valid frame ({@link #DECODE}), a frame over the limit ({@link #OVERSIZE}), a
	 * peer turned away ({@link #PEER_REJECTED}). An inbound endpoint expects such bad
	 * input from a broken or hostile peer: it counts every one and logs a bounded number
	 * of them, each on one line, without a stack trace (see {@link BadInputLog}).
	 */
	public boolean isBadInput() {
		return this == DECODE || this == OVERSIZE || this == PEER_REJECTED;
	}

}
