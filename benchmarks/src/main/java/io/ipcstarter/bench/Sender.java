package io.ipcstarter.bench;

/**
 * The sending side of a scenario, running in its own JVM. Used by one thread at a time.
 */
public interface Sender extends AutoCloseable {

	/**
	 * Send one one-way message; blocks (back-pressure) while the transport cannot take
	 * it.
	 */
	void send(byte[] payload) throws Exception;

	/** Send a request and wait for its echo. */
	byte[] request(byte[] payload) throws Exception;

	@Override
	void close() throws Exception;

}
