package io.ipcstarter.transport.stream;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.ipcstarter.transport.Peer;

/**
 * An open, duplex (or one-way) byte stream to one peer. Reads happen on one thread, writes on another at most;
 * {@link #close()} may be called from any thread and unblocks both.
 */
public interface StreamConnection extends Closeable {

	/** Buffered input from the peer. */
	InputStream input();

	/** Buffered output to the peer; callers flush after each frame. */
	OutputStream output();

	/** Who is on the other side. */
	Peer peer();

	/** Tell the peer no more bytes will come (end of a {@code raw} message), keeping the input open. */
	void shutdownOutput() throws IOException;

	/** Stop reading: a blocked or later read sees end of stream. Used to drain gracefully. */
	void shutdownInput() throws IOException;

	/**
	 * Whether an idle connection's peer has gone (closed or reset), checked without blocking. Only called while no
	 * request is outstanding; transports that cannot tell answer {@code false}.
	 */
	default boolean isPeerGone() {
		return false;
	}

	@Override
	void close();

}
