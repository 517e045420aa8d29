package io.ipcstarter.bench;

/**
 * The receiving side of a scenario, running in its own JVM: it counts one-way messages
 * into a {@link SinkCounter} and answers every request with the request's bytes (echo).
 */
public interface Receiver extends AutoCloseable {

	/** Where one-way messages are counted. */
	SinkCounter counter();

	@Override
	void close() throws Exception;

}
