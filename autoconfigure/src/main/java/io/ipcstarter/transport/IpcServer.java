package io.ipcstarter.transport;

import java.io.IOException;

/**
 * The waiting side of an endpoint: it listens (or polls) and reports each message to an {@link InboundListener}.
 * Not restartable once closed: make a new one from the {@link IpcTransport}.
 */
public interface IpcServer extends AutoCloseable {

	/**
	 * Start listening; returns once the endpoint accepts peers (e.g. the socket is bound).
	 * @throws IOException when the address cannot be taken, with a message naming it
	 */
	void start(InboundListener listener) throws IOException;

	/** Number of peers connected right now; 0 for transports without connections. */
	int peerCount();

	/** A description of where it listens, for logs and the actuator. */
	String address();

	/** Stop listening, close every connection and remove what the server created (socket files...). */
	@Override
	void close();

}
