package io.ipcstarter.transport;

import java.util.Map;

/**
 * What an {@link IpcServer} reports to: each message received, and what happened to its peers.
 * Called on the transport's own threads; one connection's messages arrive in order on one thread.
 */
public interface InboundListener {

	/**
	 * A message arrived.
	 * @param payload the message bytes, owned by the callee from now on
	 * @param peer who sent it
	 * @param reply where the answer goes when the endpoint is a gateway; {@link Reply#NONE} for one-way transports
	 * @throws Exception when the application could not handle it; the transport reports it and goes on
	 */
	void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception;

	/**
	 * A message arrived with attributes only this transport knows (e.g. {@code fileName} for the {@code file}
	 * transport). The integration layer turns each into a header {@code ipc_<key>}; a listener that does not care
	 * inherits this default, which drops them.
	 * @param attributes small, immutable, keys without prefix
	 */
	default void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
		onMessage(payload, peer, reply);
	}

	/** Something failed that did not stop the endpoint (a bad frame, a rejected peer, a broken connection). */
	void onError(ErrorReason reason, Throwable cause, Peer peer);

	/** A peer connected (connection-oriented transports only). */
	default void onPeerConnected(Peer peer) {
	}

	/** A peer went away (connection-oriented transports only). */
	default void onPeerDisconnected(Peer peer) {
	}

	/** The way back to the peer that sent a request. */
	@FunctionalInterface
	interface Reply {

		/** No way back: the transport is one-way. */
		Reply NONE = payload -> {
			throw new IpcException(ErrorReason.UNSUPPORTED, "This transport cannot carry a reply");
		};

		/** Send the answer; returns once the transport has taken it. */
		void send(byte[] payload) throws java.io.IOException;

	}

}
