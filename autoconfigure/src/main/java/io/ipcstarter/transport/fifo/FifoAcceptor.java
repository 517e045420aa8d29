package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The reading side of a FIFO. Each "connection" is one opening of the FIFO for reading: it lasts from the first
 * writer's open to the moment the last writer closes (end of file). Then the FIFO is opened again, so EOF is not
 * the end of the endpoint. One opening at a time: two readers on one FIFO would steal each other's bytes.
 * <p>
 * Opening a FIFO for reading blocks until a writer comes; {@link #close()} unblocks it by opening the FIFO for
 * writing itself (non-blocking), which completes the pending open.
 */
final class FifoAcceptor implements StreamAcceptor {

	private final FifoFile file;

	private final Set<PosixFilePermission> permissions;

	private final Semaphore turn = new Semaphore(1);

	private final AtomicLong openings = new AtomicLong();

	private volatile boolean closed;

	private volatile boolean opening;

	FifoAcceptor(FifoFile file, Set<PosixFilePermission> permissions) {
		this.file = file;
		this.permissions = permissions;
	}

	@Override
	public void open() throws IOException {
		this.file.create(this.permissions);
	}

	@Override
	public StreamConnection accept() throws IOException {
		this.turn.acquireUninterruptibly(); // the previous opening has ended
		this.opening = true;
		FileChannel channel;
		try {
			if (this.closed) {
				throw new ClosedChannelException();
			}
			channel = FileChannel.open(this.file.path(), StandardOpenOption.READ);
		}
		catch (IOException | RuntimeException ex) {
			this.turn.release();
			throw ex;
		}
		finally {
			this.opening = false;
		}
		if (this.closed) {
			channel.close();
			this.turn.release();
			throw new ClosedChannelException();
		}
		return new FifoReadConnection(channel, Peer.of("fifo#" + this.openings.incrementAndGet()), this.turn::release);
	}

	@Override
	public String address() {
		return this.file.path().toString();
	}

	@Override
	public void close() {
		this.closed = true;
		this.turn.release(); // wake an accept waiting for its turn
		// An accept blocked in open(O_RDONLY) returns once anyone opens the FIFO for writing. Bounded: the accept
		// thread leaves open() within microseconds of our open succeeding.
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
		while (this.opening && System.nanoTime() < deadline) {
			int fd = PosixLibC.get().open(this.file.path().toString(),
					PosixFlags.O_WRONLY | PosixFlags.O_NONBLOCK | PosixFlags.O_CLOEXEC);
			if (fd >= 0) {
				PosixLibC.get().close(fd);
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
		this.file.removeIfOurs();
	}

}
