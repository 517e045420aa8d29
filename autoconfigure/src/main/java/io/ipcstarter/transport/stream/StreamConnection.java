package io.ipcstarter.transport.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.ipcstarter.transport.Peer;

/**
 * An open, duplex (or one-way) byte stream to one peer. Reads happen on one thread,
 * writes on another at most; {@link #close()} may be called from any thread and unblocks
 * both.
 */
public interface StreamConnection extends Closeable {

	/**
	 * Complete what must happen before the first frame: a TLS connection's handshake. The
	 * server calls it once per accepted connection, on the thread that will serve it (so
	 * a slow peer never holds the accept thread), before the peer counts as connected;
	 * the transport bounds how long it may take. Nothing to do for most connections.
	 * @throws IOException when the peer failed it: the server closes the connection and
	 * reports the failure with its reason ({@link io.ipcstarter.transport.IpcException})
	 */
	default void establish() throws IOException {
	}

	/** Buffered input from the peer. */
	InputStream input();

	/** Buffered output to the peer; callers flush after each frame. */
	OutputStream output();

	/** Who is on the other side. */
	Peer peer();

	/**
	 * Tell the peer no more bytes will come (end of a {@code raw} message), keeping the
	 * input open.
	 */
	void shutdownOutput() throws IOException;

	/**
	 * Stop reading: a blocked or later read sees end of stream. Used to drain gracefully.
	 */
	void shutdownInput() throws IOException;

	/**
	 * Whether an idle connection's peer has gone (closed or reset), checked without
	 * blocking. Only called while no request is outstanding; transports that cannot tell
	 * answer {@code false}.
	 */
	default boolean isPeerGone() {
		return false;
	}

	/**
	 * Whether a write fails once the peer has gone (closed, died, stopped reading),
	 * instead of being taken by the OS and lost as a TCP write after the peer's FIN is.
	 * Then a one-way call need not ask {@link #isPeerGone()} first: its write into a dead
	 * connection fails and goes out again on a fresh one, as a write that meets a peer
	 * gone after the check does anyway.
	 */
	default boolean writesFailOncePeerGone() {
		return false;
	}

	@Override
	void close();

	/**
	 * Close at once because the call using the connection overran its deadline
	 * ({@code send-timeout}, {@code reply-timeout}): the caller blocked in it must be
	 * freed now, not once the peer agrees to go. Most connections just {@link #close()};
	 * one whose close waits for its peer (a {@code process} connection asks its child to
	 * finish first) ends the peer at once instead.
	 */
	default void abort() {
		close();
	}

	/**
	 * Give back the buffers the connection borrowed from a pool. Called once, after
	 * {@link #close()}, by the thread that served the connection, when no thread will
	 * read or write it again; {@code close()} alone must not do it, since another thread
	 * may close a connection that its reader is still inside.
	 */
	default void releaseBuffers() {
	}

}
