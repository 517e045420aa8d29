package io.ipcstarter.transport;

import java.nio.ByteBuffer;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What an {@link IpcServer} reports to: each message received, and what happened to its
 * peers. Called on the transport's own threads; one connection's messages arrive in order
 * on one thread.
 */
public interface InboundListener {

	/**
	 * A message arrived.
	 * @param payload the message bytes, owned by the callee from now on
	 * @param peer who sent it
	 * @param reply where the answer goes when the endpoint is a gateway;
	 * {@link Reply#NONE} for one-way transports
	 * @throws Exception when the application could not handle it; the transport reports
	 * it and goes on
	 */
	void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception;

	/**
	 * A message arrived with attributes only this transport knows (e.g. {@code fileName}
	 * for the {@code file} transport). The integration layer turns each into a header
	 * {@code ipc_<key>}; a listener that does not care inherits this default, which drops
	 * them.
	 * @param attributes small, immutable, keys without prefix; a transport passes the
	 * same instance again while its attributes do not change, so that the endpoint can
	 * reuse the headers it built from them
	 */
	default void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
		onMessage(payload, peer, reply);
	}

	/**
	 * A message arrived, shown in place: {@code payload} is a read-only view of the
	 * transport's own memory (the {@code shared-memory} ring), from its position to its
	 * limit, valid only until this call returns; then its bytes go back to the transport
	 * and are overwritten. A listener that is done with the bytes when it returns (it
	 * parses them, counts them, or copies them into a buffer of its own) overrides this
	 * and saves an allocation and a copy per message. This default copies them into a new
	 * array for {@link #onMessage(byte[], Peer, Reply)}, so a listener that does not
	 * override it sees no difference. Only transports with such memory call this; the
	 * others call {@code onMessage(byte[], ...)}.
	 * @param payload read-only; its byte order is big-endian, as for any new buffer
	 */
	default void onMessage(ByteBuffer payload, Peer peer, Reply reply) throws Exception {
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		onMessage(bytes, peer, reply);
	}

	/**
	 * Something failed that did not stop the endpoint (a bad frame, a rejected peer, a
	 * broken connection).
	 * @param peer the peer concerned; {@code null} when the failure is the endpoint's own
	 * (accepting, scanning)
	 */
	void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer);

	/**
	 * The operating system dropped {@code count} messages meant for the endpoint since it
	 * last said so ({@link ErrorReason#DROPPED}): a transport reports them in batches, as
	 * it reads the OS's counter, not one by one. This default reports each as
	 * {@link #onError}; a listener that counts them but reports them once overrides it.
	 * @param count at least 1
	 */
	default void onDropped(long count, Throwable cause) {
		for (long i = 0; i < count; i++) {
			onError(ErrorReason.DROPPED, cause, null);
		}
	}

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

		/**
		 * Send the bytes from the buffer's position to its limit as the answer (its
		 * position and limit stay as they were); returns once the transport has taken
		 * them. A request shown in place can be answered with itself, or part of it, this
		 * way. This default copies them into a new array for {@link #send(byte[])}; a
		 * transport that can write them straight from the buffer ({@code shared-memory})
		 * does so.
		 */
		default void send(ByteBuffer payload) throws java.io.IOException {
			byte[] bytes = new byte[payload.remaining()];
			payload.get(payload.position(), bytes);
			send(bytes);
		}

	}

}
