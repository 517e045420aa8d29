package io.ipcstarter.transport.fifo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.FileChannelInputStream;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * One opening of a FIFO for reading. A FIFO is one-way: there is no output. Closing the channel unblocks a read
 * in progress (the JDK signals the blocked thread).
 */
final class FifoReadConnection implements StreamConnection {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final FileChannel channel;

	private final InputStream input;

	private final Peer peer;

	private final Runnable onClose;

	private final AtomicBoolean closed = new AtomicBoolean();

	FifoReadConnection(FileChannel channel, Peer peer, Runnable onClose) {
		this.channel = channel;
		this.input = new BufferedInputStream(new FileChannelInputStream(channel), BUFFER_SIZE);
		this.peer = peer;
		this.onClose = onClose;
	}

	@Override
	public InputStream input() {
		return this.input;
	}

	@Override
	public OutputStream output() {
		return new OutputStream() {

			@Override
			public void write(int b) throws IOException {
				throw new IpcException(ErrorReason.UNSUPPORTED, "A FIFO is one-way: it cannot carry a reply");
			}

		};
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	@Override
	public void shutdownOutput() {
	}

	/** A FIFO cannot stop reading half-way: stopping closes it (bytes still in the pipe are not read). */
	@Override
	public void shutdownInput() {
		close();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.channel.close();
			}
			catch (IOException ex) {
				// the descriptor is released either way
			}
			this.onClose.run();
		}
	}

}
