package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.jna.Memory;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The reading side of a FIFO. Each "connection" is one stretch of writing: it begins when
 * bytes arrive and ends when every writer has closed the FIFO and the pipe is empty (end
 * of file). Then the endpoint waits for the next writer on the same FIFO, so EOF is not
 * the end of the endpoint. One stretch at a time: all writers share the one stream.
 */
final class FifoAcceptor implements StreamAcceptor {

	private static final int BUFFER_SIZE = 64 * 1024;

	private final FifoFile file;

	private final Set<PosixFilePermission> permissions;

	private final Semaphore turn = new Semaphore(1);

	private final AtomicLong stretches = new AtomicLong();

	private final Memory buffer = new Memory(BUFFER_SIZE);

	private volatile @Nullable FifoReader reader;

	private volatile boolean closed;

	private volatile boolean connectionOpen;

	private boolean ended;

	FifoAcceptor(FifoFile file, Set<PosixFilePermission> permissions) {
		this.file = file;
		this.permissions = permissions;
	}

	@Override
	public void open() throws IOException {
		this.file.create(this.permissions);
		try {
			this.reader = new FifoReader(this.file.path());
		}
		catch (IOException ex) {
			this.file.removeIfOurs();
			throw ex;
		}
	}

	@Override
	public StreamConnection accept() throws IOException {
		this.turn.acquireUninterruptibly(); // the previous stretch has ended, or close()
		try {
			if (this.closed) {
				throw new ClosedChannelException();
			}
			if (this.ended) {
				this.ended = false;
				this.reader.renew();
			}
			while (true) {
				if (this.closed) {
					throw new ClosedChannelException();
				}
				short events = this.reader.poll();
				if ((events & PosixFlags.POLLIN) != 0) {
					break;
				}
				if ((events & PosixFlags.POLLHUP) != 0) {
					this.reader.renew(); // writers came and went without writing
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			this.turn.release();
			throw ex;
		}
		this.connectionOpen = true;
		return new FifoReadConnection(this.reader, this.buffer, Peer.of("fifo#" + this.stretches.incrementAndGet()),
				this::ended);
	}

	/**
	 * A stretch ended. If a bad frame cut it short, the rest of that frame may still be
	 * in the pipe, kept there by a writer still attached: drop what is there now, on the
	 * reading thread and before the server reports the bad frame, so the next stretch
	 * starts on a frame boundary (frames other writers had queued at this moment are
	 * dropped with it: documented).
	 */
	private void ended(boolean cleanly) {
		if (cleanly) {
			this.ended = true;
		}
		else if (!this.closed) {
			try {
				this.reader.drain(this.buffer);
			}
			catch (IOException ex) {
				// closed meanwhile: nothing left to drain
			}
		}
		this.connectionOpen = false;
		if (this.closed) {
			this.reader.close();
		}
		this.turn.release();
	}

	@Override
	public String address() {
		return this.file.path().toString();
	}

	/**
	 * The accept thread sees the flag within a poll slice, or at once if it waits for the
	 * open stretch to end (the server joins it before it ends the stretches: waiting for
	 * the stretch there held a close for the whole drain timeout); the descriptor goes
	 * once no stretch is being read.
	 */
	@Override
	public void close() {
		this.closed = true;
		FifoReader current = this.reader;
		if (current != null && !this.connectionOpen) {
			current.close();
		}
		this.file.removeIfOurs();
		this.turn.release();
	}

}
