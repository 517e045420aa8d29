package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReentrantLock;

import com.sun.jna.Memory;
import com.sun.jna.Native;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;

/**
 * The endpoint's read descriptor on the FIFO, opened non-blocking for the endpoint's
 * whole life, so writers can open the FIFO as soon as the endpoint has started (and a
 * second reader is refused). Waiting is done with {@code poll} in short slices, so
 * stopping never depends on a writer showing up. Every system call on the descriptor
 * holds one lock, so {@link #close()} never closes a descriptor number another thread is
 * still using.
 * <p>
 * After all writers have gone, Linux reports {@code POLLHUP} on the descriptor until it
 * is reopened; {@link #renew()} opens a fresh one before closing the old, so the FIFO
 * never lacks a reader in between.
 */
final class FifoReader {

	static final int SLICE_MILLIS = 50;

	private final Path path;

	private final ReentrantLock lock = new ReentrantLock();

	private final Memory pollfd = new Memory(PosixFlags.POLLFD_SIZE);

	private int fd;

	FifoReader(Path path) throws IOException {
		this.path = path;
		this.fd = openFd();
	}

	private int openFd() throws IOException {
		int opened = PosixLibC.get()
			.open(this.path.toString(), PosixFlags.O_RDONLY | PosixFlags.O_NONBLOCK | PosixFlags.O_CLOEXEC);
		if (opened < 0) {
			int errno = Native.getLastError();
			throw new FileSystemException(this.path.toString(), null,
					"cannot open the FIFO for reading: " + PosixLibC.get().strerror(errno));
		}
		return opened;
	}

	/** Replace the descriptor by a fresh one (clears the "writers have gone" state). */
	void renew() throws IOException {
		int fresh = openFd();
		this.lock.lock();
		try {
			if (this.fd < 0) {
				PosixLibC.get().close(fresh);
				throw new AsynchronousCloseException();
			}
			PosixLibC.get().close(this.fd);
			this.fd = fresh;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wait up to one slice for the FIFO to become readable.
	 * @return the {@code revents} of {@code poll} (0 on timeout)
	 */
	short poll() throws IOException {
		this.lock.lock();
		try {
			checkOpen();
			this.pollfd.setInt(0, this.fd);
			this.pollfd.setShort(4, PosixFlags.POLLIN);
			this.pollfd.setShort(6, (short) 0);
			int n = PosixLibC.get().poll(this.pollfd, 1, SLICE_MILLIS);
			return (n > 0) ? this.pollfd.getShort(6) : 0;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * One non-blocking read.
	 * @return bytes read; 0 at end of stream (no writer left and the pipe empty); -1 when
	 * nothing is there yet
	 */
	int read(Memory buffer, int length) throws IOException {
		this.lock.lock();
		try {
			checkOpen();
			long n = PosixLibC.get().read(this.fd, buffer, length);
			if (n >= 0) {
				return (int) n;
			}
			int errno = Native.getLastError();
			if (errno == PosixFlags.EAGAIN || errno == PosixFlags.EINTR) {
				return -1;
			}
			throw new IOException("Reading FIFO " + this.path + " failed: " + PosixLibC.get().strerror(errno));
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Read and discard whatever is in the pipe right now. */
	void drain(Memory scratch) throws IOException {
		while (read(scratch, (int) scratch.size()) > 0) {
			// discard
		}
	}

	private void checkOpen() throws IOException {
		if (this.fd < 0) {
			throw new AsynchronousCloseException();
		}
	}

	void close() {
		this.lock.lock();
		try {
			if (this.fd >= 0) {
				PosixLibC.get().close(this.fd);
				this.fd = -1;
			}
		}
		finally {
			this.lock.unlock();
		}
	}

}
