package io.ipcstarter.transport.socket;

/**
 * Whether a listening TLS endpoint asks its peers for a certificate
 * ({@code ipc.endpoints.<name>.tcp.ssl.client-auth}).
 */
public enum TlsClientAuth {

	/** No client certificate is asked for. */
	NONE,

	/**
	 * A certificate is asked for; a peer without one is let in, a peer with one the trust
	 * store does not trust is refused.
	 */
	WANT,

	/** A certificate the trust store trusts is required (mutual TLS). */
	NEED

}
