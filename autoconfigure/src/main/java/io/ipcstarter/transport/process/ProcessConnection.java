package io.ipcstarter.transport.process;

import java.time.Duration;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * A child process as a stream connection: its stdout is the input, its stdin the output.
 * Closing the connection stops the child ({@link ChildProcess#stop()}) and reports its
 * exit code once.
 */
final class ProcessConnection implements StreamConnection {

	private final ChildProcess child;

	private final Peer peer;

	private final ExitListener onExit;

	/**
	 * How long a child whose stdout ended may take to exit and still count as having
	 * ended by itself.
	 */
	private static final Duration EXIT_GRACE = Duration.ofMillis(250);

	private volatile boolean stdinClosedByUs;

	private final AtomicBoolean closed = new AtomicBoolean();

	ProcessConnection(ChildProcess child, ExitListener onExit) {
		this.child = child;
		this.peer = new Peer("process#" + child.pid(), (int) child.pid(), null);
		this.onExit = onExit;
	}

	@Override
	public InputStream input() {
		return this.child.process().getInputStream(); // buffered by the JDK
	}

	@Override
	public OutputStream output() {
		// buffered by the JDK; flushed after each frame
		return this.child.process().getOutputStream();
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	/** EOF on the child's stdin (end of a {@code raw} message, or "please finish"). */
	@Override
	public void shutdownOutput() throws IOException {
		this.stdinClosedByUs = true;
		this.child.process().getOutputStream().close();
	}

	/**
	 * Asks the child to finish: stops it in the background (stdin closed, then terminate
	 * and kill after {@code shutdown-timeout} each) while its remaining output is still
	 * read until it exits.
	 */
	@Override
	public void shutdownInput() {
		this.stdinClosedByUs = true;
		Thread stopper = new Thread(this.child::stop, "ipc-stop-" + this.child.pid());
		stopper.setDaemon(true);
		stopper.start();
	}

	@Override
	public boolean isPeerGone() {
		try {
			return !this.child.process().isAlive() || input().available() > 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * The call overran its deadline: kill the child (and its descendants) at once. A read
	 * of its stdout ends only when every process holding the pipe's other end has gone,
	 * so the polite {@link #close()} (stdin closed, then SIGTERM, each given
	 * {@code shutdown-timeout}) would keep the caller waiting up to twice that long after
	 * its timeout, for a child that does not answer and ignores both.
	 */
	@Override
	public void abort() {
		this.stdinClosedByUs = true;
		this.child.kill();
		close();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			// A child that ends by itself closes its stdout a moment before it exits, so
			// give it that moment; one still running after it is being stopped by us
			// (e.g. its output broke the framing)
			boolean onItsOwn = !this.stdinClosedByUs && this.child.exitsWithin(EXIT_GRACE);
			this.onExit.exited(this.child.stop(), onItsOwn);
		}
	}

	/** Told how the child ended once the connection is closed. */
	@FunctionalInterface
	interface ExitListener {

		/**
		 * @param code the exit code
		 * @param onItsOwn whether the child ended by itself, rather than because we
		 * closed its stdin or stopped it (e.g. after a {@code raw} request, or when the
		 * connection was dropped)
		 */
		void exited(int code, boolean onItsOwn);

	}

}
