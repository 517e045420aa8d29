package io.ipcstarter.transport;

/**
 * What an endpoint does with its channel: receive one-way, send one-way, answer requests,
 * or make requests.
 */
public enum Role {

	/** Receive messages from peers and send them to the channel. */
	INBOUND,

	/** Take messages from the channel and send them to a peer. */
	OUTBOUND,

	/**
	 * Receive requests from peers, send them to the channel, and answer with the reply.
	 */
	INBOUND_GATEWAY,

	/** Take requests from the channel, send them to a peer, and produce its reply. */
	OUTBOUND_GATEWAY;

	/**
	 * Whether this role waits for peers (a server) rather than reaching out to one (a
	 * client).
	 */
	public boolean isInbound() {
		return this == INBOUND || this == INBOUND_GATEWAY;
	}

	/** Whether this role exchanges a reply for every request. */
	public boolean isGateway() {
		return this == INBOUND_GATEWAY || this == OUTBOUND_GATEWAY;
	}

	/** The role as written in YAML, e.g. {@code inbound-gateway}. */
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
	}

}
