package io.ipcstarter.transport.stream;

import java.io.Closeable;
import java.io.IOException;

/**
 * The way a stream transport waits for peers: bind once, then hand out each connection
 * that arrives.
 */
public interface StreamAcceptor extends Closeable {

	/**
	 * Take the address (bind, create the pipe...).
	 * @throws IOException when it cannot be taken, with a message naming it
	 */
	void open() throws IOException;

	/**
	 * Wait for the next peer.
	 * @throws IOException once closed (then
	 * {@link java.nio.channels.ClosedChannelException} or a subclass), or when accepting
	 * failed
	 */
	StreamConnection accept() throws IOException;

	/**
	 * Where it listens, as the actuator shows it (the real port when bound to port 0).
	 */
	String address();

	/**
	 * Whether its connections are peers that come and go, which {@code idle-timeout} may
	 * close to free their place. Acceptors of one connection at a time (a FIFO's writers,
	 * a child process, standard input) keep the default {@code false}: closing theirs
	 * would not let anyone else in.
	 */
	default boolean idlePeersMayBeClosed() {
		return false;
	}

	/**
	 * Epoch millis since when the acceptor has been failing by its own measure, beyond
	 * accepts that throw (which the server measures itself): a child process that keeps
	 * dying young. 0 when it is not; this default never is.
	 */
	default long failingSince() {
		return 0;
	}

	/** Stop accepting and release the address (removing any file it created). */
	@Override
	void close();

}
