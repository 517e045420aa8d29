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

	/** Where it connects to. */
	String address();

}
