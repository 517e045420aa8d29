package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * Blocking reads and writes on a socket channel kept in non-blocking mode, waiting on a
 * selector of its own when the socket cannot go on; {@link ChannelInput} and
 * {@link ChannelOutput} buffer them. Used for client connections, so that checking an
 * idle connection for a vanished peer before a call is one non-blocking {@code read}:
 * switching a channel between blocking and non-blocking mode for that check cost about 10
 * µs per call (the benchmarks measured a one-way send four times slower). Closing the
 * channel from another thread (the deadline watchdog) wakes a waiting caller, which then
 * fails with an {@link AsynchronousCloseException}. One thread reads or writes at a time
 * (one call per client connection).
 */
final class SelectorStreams implements AutoCloseable {

	private final SocketChannel channel;

	private final Selector selector;

	private final SelectionKey key;

	SelectorStreams(SocketChannel channel) throws IOException {
		this.channel = channel;
		channel.configureBlocking(false);
		this.selector = Selector.open();
		try {
			this.key = channel.register(this.selector, 0);
		}
		catch (IOException | RuntimeException ex) {
			this.selector.close();
			throw ex;
		}
	}

	/**
	 * Read at least one byte, waiting for the socket as long as it has none: -1 at end of
	 * stream.
	 */
	int read(ByteBuffer into) throws IOException {
		while (true) {
			int n = this.channel.read(into);
			if (n != 0) {
				return n;
			}
			await(SelectionKey.OP_READ);
		}
	}

	/** Write at least one byte, waiting for the socket as long as it takes none. */
	int write(ByteBuffer from) throws IOException {
		while (true) {
			int n = this.channel.write(from);
			if (n != 0) {
				return n;
			}
			await(SelectionKey.OP_WRITE);
		}
	}

	/**
	 * A non-blocking read of what is there: -1 at end of stream, 0 when nothing is
	 * waiting.
	 */
	int readNow(ByteBuffer into) throws IOException {
		return this.channel.read(into);
	}

	private void await(int operation) throws IOException {
		if (!this.channel.isOpen()) {
			throw new AsynchronousCloseException();
		}
		try {
			this.key.interestOps(operation);
			this.selector.select();
			this.selector.selectedKeys().clear();
		}
		// closed under us by close()
		catch (ClosedSelectorException | CancelledKeyException ex) {
			throw new AsynchronousCloseException();
		}
		if (!this.channel.isOpen()) {
			throw new AsynchronousCloseException();
		}
	}

	/** Close the channel and wake a caller waiting on the selector. */
	@Override
	public void close() {
		try {
			this.channel.close();
		}
		catch (IOException ex) {
			// the descriptor is released either way
		}
		this.selector.wakeup();
		try {
			this.selector.close();
		}
		catch (IOException ex) {
			// nothing left to release
		}
	}

}
