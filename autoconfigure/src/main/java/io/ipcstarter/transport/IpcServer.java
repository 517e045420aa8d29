package io.ipcstarter.transport;

import java.io.IOException;

/**
 * The waiting side of an endpoint: it listens (or polls) and reports each message to an
 * {@link InboundListener}. Not restartable once closed: make a new one from the
 * {@link IpcTransport}.
 */
public interface IpcServer extends AutoCloseable {

	/**
	 * Start listening; returns once the endpoint accepts peers (e.g. the socket is
	 * bound).
	 * @throws IOException when the address cannot be taken, with a message naming it
	 */
	void start(InboundListener listener) throws IOException;

	/**
	 * Number of peers connected right now; 0 for transports without connections, which
	 * need not override it.
	 */
	default int peerCount() {
		return 0;
	}

	/** A description of where it listens, for logs and the actuator. */
	String address();

	/**
	 * What waits in the transport's queue that this server has not taken yet, in the unit
	 * its transport names in {@link IpcTransport#backlogReporting(EndpointSpec)};
	 * {@code -1} when it cannot tell (the default) or is closed. Called on any thread at
	 * any time (a metrics scrape), never per message.
	 */
	default long backlog() {
		return -1;
	}

	/**
	 * Age in milliseconds of the oldest message waiting for this server: {@code 0} when
	 * none waits, {@code -1} when it cannot tell (the default) or is closed. Called like
	 * {@link #backlog()}.
	 */
	default long oldestWaitingMillis() {
		return -1;
	}

	/**
	 * Since when (epoch milliseconds) every attempt of this server at its own work
	 * (accepting peers, scanning its directory) has failed; {@code 0} while it works (the
	 * default). A bad peer or a bad message does not count.
	 */
	default long failingSince() {
		return 0;
	}

	/**
	 * Stop listening, close every connection and remove what the server created (socket
	 * files...).
	 */
	@Override
	void close();

}
