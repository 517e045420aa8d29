package io.ipcstarter.transport;

/**
 * How message boundaries are marked on a byte stream. The exact bytes are in
 * {@code docs/wire-formats.md}.
 */
public enum Framing {

	/** A 4-byte big-endian unsigned length, then that many bytes. The default. */
	LENGTH_PREFIX,

	/**
	 * Bytes up to a line feed (LF); a CR before the LF is dropped, so CRLF peers work
	 * too.
	 */
	LINE,

	/** STX (0x02), the bytes, ETX (0x03). */
	STX_ETX,

	/** The bytes, then a single 0x00. */
	NULL_TERMINATED,

	/** One message per connection: everything until the peer closes its side. */
	RAW;

	/** The framing as written in YAML, e.g. {@code length-prefix}. */
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
