package io.ipcstarter.transport.clipboard;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code clipboard} transport ({@code ipc.endpoints.<name>.clipboard.*}).
 * A plain JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer
 * binds it.
 */
public class ClipboardOptions extends TransportOptions<ClipboardOptions> {

	/** Default {@code format}: a registered format private to this starter. */
	public static final String DEFAULT_FORMAT = "IpcStarter.Message";

	/**
	 * Clipboard format the messages travel in: a name registered with
	 * RegisterClipboardFormat (the bytes behind a 4-byte little-endian length), or
	 * "CF_UNICODETEXT" for text any program can paste (the message's UTF-8 bytes as
	 * UTF-16LE with a closing NUL).
	 */
	private String format = DEFAULT_FORMAT;

	public String getFormat() {
		return this.format;
	}

	public void setFormat(String format) {
		this.format = format;
	}

}
