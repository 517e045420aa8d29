package io.ipcstarter.transport;

/**
 * A peer process ended, which its endpoint expected and answers by itself: the child of
 * an inbound {@code process} endpoint exited, and is started again as {@code restart}
 * says. Counted with reason {@link ErrorReason#IO} like any failure of the I/O, but an
 * endpoint reports it as it reports bad input: one line without a stack trace, logged a
 * bounded number of times (see {@link BadInputLog}), because a child that keeps dying
 * must not fill the log. Its message says all there is (which child, how it ended,
 * whether it is restarted); a stack trace would only show the accept loop.
 */
public final class PeerExitException extends IpcException {

	public PeerExitException(String message) {
		super(ErrorReason.IO, message);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this; // called by Throwable's constructor: no trace is ever taken
	}

}
