package io.ipcstarter.transport.process;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CountDownLatch;

import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The inbound side of {@code stdio}: one connection, this process's stdin/stdout. The
 * second {@link #accept()} waits until that connection has ended (stdin closed by the
 * parent) or the endpoint stops; until then the waiting (non-daemon) thread keeps the
 * application running, after that it may exit.
 */
final class StdioAcceptor implements StreamAcceptor {

	private final String endpoint;

	private final CountDownLatch done = new CountDownLatch(1);

	private StdioStreams streams;

	private boolean handedOut;

	StdioAcceptor(String endpoint) {
		this.endpoint = endpoint;
	}

	@Override
	public void open() throws IOException {
		try {
			this.streams = StdioStreams.claim(this.endpoint);
		}
		catch (IllegalStateException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
	}

	@Override
	public StreamConnection accept() throws IOException {
		if (!this.handedOut) {
			this.handedOut = true;
			return new StdioConnection(this.streams, this.done::countDown);
		}
		try {
			this.done.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new ClosedChannelException();
	}

	@Override
	public String address() {
		return "stdio";
	}

	@Override
	public void close() {
		this.done.countDown();
		StdioStreams.release(this.endpoint);
	}

}
