package io.ipcstarter.transport.dde;

/** What an outbound gateway of the {@code dde} transport does with each message. */
public enum DdeOperation {

	/** {@code XTYP_REQUEST}: the reply is the item's data. */
	REQUEST,

	/** {@code XTYP_EXECUTE}: the message is a command string; the reply is empty. */
	EXECUTE

}
