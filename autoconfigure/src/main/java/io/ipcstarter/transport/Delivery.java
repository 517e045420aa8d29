package io.ipcstarter.transport;

/**
 * What a one-way send on a stream transport promises. The bytes of the acknowledged mode
 * are in {@code docs/wire-formats.md}; what each mode loses is in
 * {@code docs/guarantees.md}.
 */
public enum Delivery {

	/**
	 * A send returns once the OS has taken the frame: at-most-once, what the peer had not
	 * read when it died is lost. The default.
	 */
	PLAIN,

	/**
	 * A send returns once the receiver has handed the message to its channel and said so;
	 * a broken connection is reopened and the message sent again, a duplicate is dropped
	 * by the receiver: at-least-once across either side's crash. Both ends must agree.
	 */
	ACKNOWLEDGED;

	/** The mode as written in YAML, e.g. {@code acknowledged}. */
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
