package io.ipcstarter.transport.process;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.PeerExitException;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The inbound side of {@code process}: the "connection" is the child process, one at a
 * time. {@link #open()} starts the first child (so a command that cannot start fails the
 * application's start-up); each later {@link #accept()} waits until the current child has
 * exited, reports that exit by throwing a {@link PeerExitException} (reason {@code io};
 * the stream server sends it to the listener's {@code onError}, i.e. the error channel,
 * and the endpoint logs it as one line, bounded like bad input), and on the following
 * call starts the next child as {@code restart} says, backing off while children keep
 * exiting quickly. With no restart due it waits until the endpoint stops. A child that
 * cannot be started is tried again, with the same back-off.
 * <p>
 * It is {@linkplain #failingSince() failing} (health turns {@code FAILING} after
 * {@code ipc.health.down-after}) while children fail young: from the first of a run of
 * children that each failed (exited non-zero, were killed, or were stopped for bad
 * output) or could not start before living {@code reconnect.max-interval}, the lifetime
 * after which back-off starts again from the beginning, until a child lives that long or
 * ends with 0; and from a failure after which no restart is due. A child that exits with
 * 0 and is restarted is not failing, however often.
 */
final class ProcessAcceptor implements StreamAcceptor {

	private final EndpointSpec spec;

	private final List<String> command;

	private final ProcessOptions options;

	private final Semaphore turn = new Semaphore(0);

	private final CountDownLatch closed = new CountDownLatch(1);

	private @Nullable ChildProcess next;

	private volatile int lastExit;

	private volatile String lastExitDescription;

	private volatile boolean lastExitOnItsOwn = true;

	private volatile long startedAt;

	private long backoffNanos;

	private boolean exitSeen;

	/** Whether a child handed out is still running. */
	private volatile boolean childRunning;

	/** Epoch millis since when children have kept failing young; 0 when not. */
	private volatile long failingSince;

	ProcessAcceptor(EndpointSpec spec, List<String> command, ProcessOptions options) {
		this.spec = spec;
		this.command = command;
		this.options = options;
		this.backoffNanos = spec.reconnectInitialInterval().toNanos();
	}

	@Override
	public void open() throws IOException {
		this.next = spawn();
	}

	private ChildProcess spawn() throws IOException {
		ChildProcess child;
		try {
			child = ChildProcess.start(this.spec.name(), this.command, this.options, true);
		}
		catch (IOException | RuntimeException ex) {
			// as a child that died at once: the back-off doubles between attempts
			// instead of starting again from its beginning, each attempt being reported
			this.startedAt = System.nanoTime();
			failing();
			throw ex;
		}
		this.startedAt = System.nanoTime();
		return child;
	}

	@Override
	public StreamConnection accept() throws IOException {
		if (this.next == null) {
			if (!this.exitSeen) {
				awaitExit();
				// the server reports this exception, pauses briefly and calls again
				this.exitSeen = true;
				throw new PeerExitException(
						"Endpoint '" + this.spec.name() + "': " + this.lastExitDescription + restartNote());
			}
			// `restart` judges the child's own exits; a child we stopped (its output
			// broke the framing, or its handling failed) is replaced whatever the policy,
			// so bad input never ends the endpoint
			if (!restarts()) {
				awaitClose();
			}
			Duration nextBackOff = backOff();
			// a child that cannot start is reported (the server calls again after a
			// pause) and tried again after the next back-off: exitSeen stays set. As an
			// exit is: one line, no stack trace, bounded, since it repeats at every step
			// of the back-off for as long as the program stays missing
			try {
				this.next = spawn();
			}
			catch (IOException | RuntimeException ex) {
				throw new PeerExitException(
						String.valueOf(ex.getMessage()) + "; trying again after " + Durations.simple(nextBackOff));
			}
			this.exitSeen = false;
		}
		ChildProcess child = this.next;
		this.next = null;
		this.childRunning = true;
		ProcessConnection connection = new ProcessConnection(child, (code, onItsOwn) -> exited(child, code, onItsOwn));
		if (this.closed.getCount() == 0) {
			connection.close();
			throw new ClosedChannelException();
		}
		return connection;
	}

	private void exited(ChildProcess child, int code, boolean onItsOwn) {
		this.childRunning = false;
		this.lastExit = code;
		this.lastExitOnItsOwn = onItsOwn;
		this.lastExitDescription = child.exitDescription(code);
		boolean failed = !onItsOwn || code != 0;
		if (failed && (!livedLong() || !restarts())) {
			failing();
		}
		else {
			this.failingSince = 0;
		}
		this.turn.release();
	}

	private void failing() {
		if (this.failingSince == 0) {
			this.failingSince = System.currentTimeMillis();
		}
	}

	/** Whether the last child started has lived past the back-off's reset. */
	private boolean livedLong() {
		return System.nanoTime() - this.startedAt > this.spec.reconnectMaxInterval().toNanos();
	}

	@Override
	public long failingSince() {
		if (this.failingSince != 0 && this.childRunning && livedLong()) {
			this.failingSince = 0;
		}
		return this.failingSince;
	}

	private boolean restarts() {
		return !this.lastExitOnItsOwn || this.options.getRestart().restarts(this.lastExit);
	}

	private String restartNote() {
		return restarts()
				? "; restarting it (restart: " + this.options.getRestart().name().toLowerCase().replace('_', '-') + ")"
				: "; not restarting it (restart: " + this.options.getRestart().name().toLowerCase().replace('_', '-')
						+ ")";
	}

	private void awaitExit() throws IOException {
		try {
			while (!this.turn.tryAcquire(50, TimeUnit.MILLISECONDS)) {
				if (this.closed.getCount() == 0) {
					throw new ClosedChannelException();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClosedChannelException();
		}
	}

	private void awaitClose() throws IOException {
		try {
			this.closed.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new ClosedChannelException();
	}

	/**
	 * Wait before a restart: doubling while children die young, reset after one that
	 * lived long.
	 * @return how long the next wait will be
	 */
	private Duration backOff() throws IOException {
		Duration max = this.spec.reconnectMaxInterval();
		if (System.nanoTime() - this.startedAt > max.toNanos()) {
			this.backoffNanos = this.spec.reconnectInitialInterval().toNanos();
		}
		try {
			if (this.closed.await(this.backoffNanos, TimeUnit.NANOSECONDS)) {
				throw new ClosedChannelException();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClosedChannelException();
		}
		this.backoffNanos = Math.min(this.backoffNanos * 2, max.toNanos());
		return Duration.ofNanos(this.backoffNanos);
	}

	@Override
	public String address() {
		return String.join(" ", this.command);
	}

	@Override
	public void close() {
		this.closed.countDown();
		ChildProcess unused = this.next;
		// started by open() but never handed out (the server failed to start)
		if (unused != null) {
			unused.stop();
		}
	}

}
