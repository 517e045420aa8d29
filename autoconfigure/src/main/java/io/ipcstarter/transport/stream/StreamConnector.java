package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.time.Duration;

/**
 * The way a stream transport reaches a peer: one connection attempt per call.
 */
public interface StreamConnector {

	/**
	 * Try once to connect.
	 * @param timeout the longest the attempt may block
	 * @throws IOException when the peer is not there (the caller backs off and retries)
	 */
	StreamConnection connect(Duration timeout) throws IOException;

	/**
	 * Whether a new connection can reach a peer once one broke: a restarted listener, a
	 * FIFO's next reader, a new child process. The stream client then writes a frame
	 * whose connection broke again on a new one, until {@code send-timeout}.
	 */
	default boolean reconnects() {
		return true;
	}

	/** Where it connects to. */
	String address();

}
