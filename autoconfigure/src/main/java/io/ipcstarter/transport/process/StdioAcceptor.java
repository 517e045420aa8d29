package io.ipcstarter.transport.process;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Semaphore;

import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The inbound side of {@code stdio}: this process's stdin/stdout, one connection at a
 * time. Each {@link #accept()} after the first waits until the current connection has
 * ended. When it ended because stdin did (the parent closed it, or died) or the endpoint
 * stops, the endpoint ends: the waiting (non-daemon) thread kept the application running,
 * after that it may exit. When a bad frame ended it (its framing is lost; or a gateway's
 * handler failed), what the parent had queued behind it is dropped
 * ({@link StdioStreams#discardQueued()}, before the bad frame is reported) and the next
 * connection reads on: one bad frame must not end the only peer's channel for good.
 */
final class StdioAcceptor implements StreamAcceptor {

	private static final System.Logger logger = System.getLogger(StdioAcceptor.class.getName());

	private final String endpoint;

	/** A permit when the connection handed out has ended, or the endpoint stops. */
	private final Semaphore ended = new Semaphore(0);

	private StdioStreams streams;

	private boolean handedOut;

	private volatile boolean closed;

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
		if (this.handedOut) {
			try {
				this.ended.acquire();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ClosedChannelException();
			}
			if (this.closed || !readable()) {
				throw new ClosedChannelException();
			}
		}
		this.handedOut = true;
		return new StdioConnection(this.streams, false, this::connectionEnded);
	}

	/**
	 * On the reading thread, before the server reports why the connection ended: a bad
	 * frame's rest and what followed it are dropped now, so what the parent writes once
	 * it has seen the report starts on a frame boundary.
	 */
	private void connectionEnded() {
		if (!this.closed && readable()) {
			try {
				long dropped = this.streams.discardQueued();
				logger.log(System.Logger.Level.DEBUG,
						"Endpoint ''{0}'': dropped {1} bytes queued on stdin after a bad frame", this.endpoint,
						dropped);
			}
			catch (IOException ex) {
				// stdin broke: the next accept sees it is no longer readable
			}
		}
		this.ended.release();
	}

	private boolean readable() {
		return !this.streams.stdinEnded() && this.streams.stdin().isOpen();
	}

	@Override
	public String address() {
		return "stdio";
	}

	@Override
	public void close() {
		this.closed = true;
		this.ended.release();
		StdioStreams.release(this.endpoint);
	}

}
