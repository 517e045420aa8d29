package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Native;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

/**
 * Opens the FIFO for writing without blocking: with no reader the OS answers
 * {@code ENXIO} at once, and the stream client retries with back-off until
 * {@code send-timeout}, then fails naming the FIFO. A blocking open would wait forever
 * for a reader that may never come.
 */
final class FifoConnector implements StreamConnector {

	private final Path path;

	private final AtomicLong openings = new AtomicLong();

	FifoConnector(Path path) {
		this.path = path;
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		if (Files.exists(this.path, LinkOption.NOFOLLOW_LINKS) && !FifoFile.isFifo(this.path)) {
			throw new IpcException(ErrorReason.IO, "Cannot write to " + this.path + ": it is not a FIFO");
		}
		PosixLibC libc = PosixLibC.get();
		int fd = libc.open(this.path.toString(), PosixFlags.O_WRONLY | PosixFlags.O_NONBLOCK | PosixFlags.O_CLOEXEC);
		if (fd < 0) {
			int errno = Native.getLastError();
			String why = (errno == PosixFlags.ENXIO) ? "no process has it open for reading"
					: (errno == PosixFlags.ENOENT) ? "it does not exist (the reading side creates it)"
							: libc.strerror(errno) + " (errno " + errno + ")";
			throw new IOException("Cannot open FIFO " + this.path + " for writing: " + why);
		}
		return new FifoWriteConnection(fd, this.path, Peer.of("fifo#" + this.openings.incrementAndGet()));
	}

	@Override
	public String address() {
		return this.path.toString();
	}

}
