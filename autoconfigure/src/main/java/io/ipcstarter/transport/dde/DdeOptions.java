package io.ipcstarter.transport.dde;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code dde} transport ({@code ipc.endpoints.<name>.dde.*}). A plain
 * JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer binds
 * it.
 */
public class DdeOptions extends TransportOptions<DdeOptions> {

	/** Default {@code format}: ANSI text, what most DDE programs (Excel...) speak. */
	public static final String DEFAULT_FORMAT = "CF_TEXT";

	/**
	 * Item the client pokes (outbound), requests (outbound-gateway) or watches (inbound);
	 * a message's header "ipc_ddeItem" overrides it for that message.
	 */
	private @Nullable String item;

	/**
	 * What an outbound gateway does with a message: "request" asks for the item's data
	 * (the message is not sent, the reply is the data), "execute" sends the message as a
	 * command string (the reply is empty).
	 */
	private DdeOperation operation = DdeOperation.REQUEST;

	/**
	 * Clipboard format of the data: "CF_TEXT" (the bytes and a closing NUL; a NUL ends
	 * what is received) or a registered format name (the bytes as they are).
	 */
	private String format = DEFAULT_FORMAT;

	public @Nullable String getItem() {
		return this.item;
	}

	public void setItem(@Nullable String item) {
		this.item = item;
	}

	public DdeOperation getOperation() {
		return this.operation;
	}

	public void setOperation(DdeOperation operation) {
		this.operation = operation;
	}

	public String getFormat() {
		return this.format;
	}

	public void setFormat(String format) {
		this.format = format;
	}

}
