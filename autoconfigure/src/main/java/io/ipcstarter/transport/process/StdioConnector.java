package io.ipcstarter.transport.process;

import java.io.IOException;
import java.time.Duration;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

/**
 * The outbound side of {@code stdio}: writes to this process's stdout (and, as a gateway,
 * reads replies from its stdin). Once stdin has ended, a gateway cannot get replies any
 * more and connecting fails; so it is once a request ran past {@code reply-timeout}
 * ({@link StdioConnection#abort()}).
 * <p>
 * A gateway's connection is new after every call that failed (the stream client discards
 * a connection whose call failed) and after unasked bytes were found on stdin between
 * calls ({@link StdioConnection#isPeerGone()}); stdin is one stream for the life of the
 * process, so what a bad answer left there (the rest of garbage, the payload of a frame
 * over {@code max-message-size}) or what the parent wrote unasked would be read as the
 * next request's reply. Each new connection first drops what is queued on stdin at that
 * moment ({@link StdioStreams#discardQueued()}), as the inbound side does after a bad
 * frame: no request is outstanding, so none of it can be a reply.
 */
final class StdioConnector implements StreamConnector {

	private static final System.Logger logger = System.getLogger(StdioConnector.class.getName());

	private final EndpointSpec spec;

	StdioConnector(EndpointSpec spec) {
		this.spec = spec;
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		StdioStreams streams;
		try {
			streams = StdioStreams.claim(this.spec.name());
		}
		catch (IllegalStateException ex) {
			throw new IOException(ex.getMessage(), ex);
		}
		if (this.spec.role().isGateway() && (streams.stdinEnded() || !streams.stdin().isOpen())) {
			// for good: no use retrying until send-timeout
			throw new IpcException(ErrorReason.IO, "stdin is closed: the parent process sends no more replies");
		}
		if (this.spec.role().isGateway()) {
			long dropped = streams.discardQueued();
			if (dropped > 0) {
				logger.log(System.Logger.Level.DEBUG,
						"Endpoint ''{0}'': dropped {1} bytes on stdin that answered no request", this.spec.name(),
						dropped);
			}
		}
		return new StdioConnection(streams, this.spec.role().isGateway(), () -> {
		});
	}

	/**
	 * No: stdout is this process's own pipe to its parent, and a parent that stopped
	 * reading it never reads it again; a write that failed fails at once.
	 */
	@Override
	public boolean reconnects() {
		return false;
	}

	@Override
	public String address() {
		return "stdio";
	}

}
