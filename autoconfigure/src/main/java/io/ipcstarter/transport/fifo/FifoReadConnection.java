package io.ipcstarter.transport.fifo;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import com.sun.jna.Memory;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * One stretch of writing on a FIFO, read through the endpoint's {@link FifoReader}. A
 * FIFO is one-way: there is no output. Closing it (a bad frame, a stop) ends a read
 * within one poll slice.
 */
final class FifoReadConnection implements StreamConnection {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final FifoReader reader;

	private final Memory buffer;

	private final InputStream input;

	private final Peer peer;

	private final Consumer<Boolean> onClose;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean reachedEnd;

	/**
	 * @param onClose told whether the stretch ended cleanly (every writer closed) or was
	 * cut off (a bad frame, a stop), in which case bytes of the bad frame may still be in
	 * the pipe
	 */
	FifoReadConnection(FifoReader reader, Memory buffer, Peer peer, Consumer<Boolean> onClose) {
		this.reader = reader;
		this.buffer = buffer;
		this.input = new BufferedInputStream(new ReaderStream(), BUFFER_SIZE);
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

	/**
	 * A FIFO cannot stop reading half-way: stopping ends this stretch (bytes still in the
	 * pipe are not read).
	 */
	@Override
	public void shutdownInput() {
		close();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			this.onClose.accept(this.reachedEnd);
		}
	}

	/**
	 * Reads with {@code poll} in slices until bytes come, the writers are gone (EOF), or
	 * the stretch is closed.
	 */
	private final class ReaderStream extends InputStream {

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			while (true) {
				if (FifoReadConnection.this.closed.get()) {
					throw new AsynchronousCloseException();
				}
				int n = FifoReadConnection.this.reader.read(FifoReadConnection.this.buffer,
						(int) Math.min(len, FifoReadConnection.this.buffer.size()));
				if (n > 0) {
					FifoReadConnection.this.buffer.read(0, b, off, n);
					return n;
				}
				if (n == 0) {
					FifoReadConnection.this.reachedEnd = true;
					return -1;
				}
				FifoReadConnection.this.reader.poll();
			}
		}

	}

}
