package io.ipcstarter.transport.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * This process's stdin and stdout as one stream connection to the parent process.
 */
final class StdioConnection implements StreamConnection {

	private static final Peer PARENT = new Peer("parent",
			(int) ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L).longValue(), null);

	private final StdioStreams streams;

	private final boolean readsReplies;

	private final Runnable onClose;

	private final AtomicBoolean closed = new AtomicBoolean();

	/**
	 * @param readsReplies whether an outbound gateway reads its replies from stdin (then
	 * {@link #abort()} closes stdin)
	 */
	StdioConnection(StdioStreams streams, boolean readsReplies, Runnable onClose) {
		this.streams = streams;
		this.readsReplies = readsReplies;
		this.onClose = onClose;
	}

	@Override
	public InputStream input() {
		return this.streams.input();
	}

	@Override
	public OutputStream output() {
		return this.streams.output();
	}

	@Override
	public Peer peer() {
		return PARENT;
	}

	@Override
	public void shutdownOutput() {
		// stdout stays open: raw framing is refused for stdio
	}

	/** Stop reading: closes stdin, which ends a read blocked on it. */
	@Override
	public void shutdownInput() throws IOException {
		this.streams.stdin().close();
	}

	/**
	 * Whether stdin has ended, or, for an outbound gateway between requests, holds bytes:
	 * with no request outstanding whatever the parent wrote came unasked (a second reply
	 * to the last request, an answer nobody asked for) and would be taken for the next
	 * request's reply. The connector then drops it ({@link StdioConnector}).
	 */
	@Override
	public boolean isPeerGone() {
		if (this.streams.stdinEnded() || !this.streams.stdin().isOpen()) {
			return true;
		}
		try {
			return this.readsReplies && this.streams.hasQueued();
		}
		catch (IOException ex) {
			return true;
		}
	}

	/**
	 * A request ran past its deadline: an outbound gateway's caller is blocked reading
	 * stdin, which only closing stdin ends (closing this connection alone does not), and
	 * the parent's answer, should it come late, would be taken for the next request's
	 * (there is no correlation id). So stdin is closed for good: the caller gets its
	 * timeout, and later requests fail at once saying stdin is closed.
	 */
	@Override
	public void abort() {
		if (this.readsReplies) {
			try {
				this.streams.stdin().close();
			}
			catch (IOException ex) {
				// closed already
			}
		}
		close();
	}

	@Override
	public void close() {
		if (this.closed.compareAndSet(false, true)) {
			try {
				this.streams.output().flush();
			}
			catch (IOException ex) {
				// the parent stopped reading: nothing left to tell it
			}
			this.onClose.run();
		}
	}

}
