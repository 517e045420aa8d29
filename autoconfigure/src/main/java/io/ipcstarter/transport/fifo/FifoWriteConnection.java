package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.Path;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The writing end of a FIFO, kept non-blocking: a full pipe is waited out with
 * {@code poll} in short slices so that {@link #close()} (the stream client's deadline
 * watchdog) ends a stuck write, which closing a descriptor under a blocked
 * {@code write(2)} would not. Bytes are buffered in native memory and leave in one
 * {@code write} per flush, so a frame of at most {@code PIPE_BUF} bytes reaches the pipe
 * in one piece.
 * <p>
 * All native calls on the descriptor hold this object's lock, so {@link #close()} never
 * closes a descriptor number another thread is still using (it could be reused by an
 * unrelated open).
 */
final class FifoWriteConnection implements StreamConnection {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int POLL_SLICE_MILLIS = 20;

	private final Path path;

	private final Peer peer;

	private final Memory buffer = new Memory(BUFFER_SIZE);

	private final Memory pollfd = new Memory(PosixFlags.POLLFD_SIZE);

	private final OutputStream output = new FifoOutputStream();

	private int fd;

	private int buffered;

	FifoWriteConnection(int fd, Path path, Peer peer) {
		this.fd = fd;
		this.path = path;
		this.peer = peer;
	}

	@Override
	public InputStream input() {
		return InputStream.nullInputStream();
	}

	@Override
	public OutputStream output() {
		return this.output;
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	@Override
	public void shutdownOutput() {
	}

	@Override
	public void shutdownInput() {
	}

	/**
	 * The reader has gone when {@code poll} reports an error condition on the write end
	 * (no reader left).
	 */
	@Override
	public synchronized boolean isPeerGone() {
		if (this.fd < 0) {
			return true;
		}
		return (poll(0) & (PosixFlags.POLLERR | PosixFlags.POLLHUP)) != 0;
	}

	@Override
	public synchronized void close() {
		if (this.fd >= 0) {
			PosixLibC.get().close(this.fd);
			this.fd = -1;
		}
	}

	private short poll(int timeoutMillis) {
		this.pollfd.setInt(0, this.fd);
		this.pollfd.setShort(4, PosixFlags.POLLOUT);
		this.pollfd.setShort(6, (short) 0);
		int n = PosixLibC.get().poll(this.pollfd, 1, timeoutMillis);
		return (n > 0) ? this.pollfd.getShort(6) : 0;
	}

	/** Write the buffered bytes; waits (in slices) while the pipe is full. */
	private void drain() throws IOException {
		long offset = 0;
		while (offset < this.buffered) {
			long written;
			int errno = 0;
			synchronized (this) {
				if (this.fd < 0) {
					throw new AsynchronousCloseException();
				}
				written = PosixLibC.get().write(this.fd, this.buffer.share(offset), this.buffered - offset);
				if (written < 0) {
					errno = Native.getLastError();
					if (errno == PosixFlags.EAGAIN) {
						// wait for room; close() waits at most one slice for the lock
						poll(POLL_SLICE_MILLIS);
					}
				}
			}
			if (written >= 0) {
				offset += written;
			}
			else if (errno == PosixFlags.EPIPE) {
				this.buffered = 0;
				throw new IpcException(ErrorReason.IO, "The reader of FIFO " + this.path + " has gone (EPIPE)");
			}
			else if (errno != PosixFlags.EAGAIN && errno != PosixFlags.EINTR) {
				this.buffered = 0;
				throw new IpcException(ErrorReason.IO, "Writing to FIFO " + this.path + " failed: "
						+ PosixLibC.get().strerror(errno) + " (errno " + errno + ")");
			}
		}
		this.buffered = 0;
	}

	/**
	 * Buffers into native memory; used by one writing thread at a time (the stream
	 * client's contract).
	 */
	private final class FifoOutputStream extends OutputStream {

		@Override
		public void write(int b) throws IOException {
			if (FifoWriteConnection.this.buffered == BUFFER_SIZE) {
				drain();
			}
			FifoWriteConnection.this.buffer.setByte(FifoWriteConnection.this.buffered++, (byte) b);
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			while (len > 0) {
				if (FifoWriteConnection.this.buffered == BUFFER_SIZE) {
					drain();
				}
				int n = Math.min(len, BUFFER_SIZE - FifoWriteConnection.this.buffered);
				FifoWriteConnection.this.buffer.write(FifoWriteConnection.this.buffered, b, off, n);
				FifoWriteConnection.this.buffered += n;
				off += n;
				len -= n;
			}
		}

		@Override
		public void flush() throws IOException {
			drain();
		}

	}

}
