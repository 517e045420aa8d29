package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;

/**
 * The receiving end of {@code delivery: acknowledged} on one connection: it answers the
 * sender's hello, hands each new message to the endpoint's listener, and acknowledges it
 * once that returned; a message handled before (sent again after a broken connection) is
 * acknowledged without being delivered again. The frames are {@link AckFrames}.
 */
final class AcknowledgingListener implements InboundListener {

	private final InboundListener delegate;

	private final AckLedger ledger;

	private final StreamConnection connection;

	private final FrameCodec codec;

	private final int maxMessageSize;

	/** The sender's id, once its hello came. */
	private @Nullable String sender;

	/**
	 * Whether a frame broke the protocol: the connection is ending, frames already read
	 * ahead are dropped unreported.
	 */
	private boolean broken;

	private AcknowledgingListener(InboundListener delegate, AckLedger ledger, StreamConnection connection,
			FrameCodec codec, int maxMessageSize) {
		this.delegate = delegate;
		this.ledger = ledger;
		this.connection = connection;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * The listener a connection's frames go to: the endpoint's own for plain delivery,
	 * one of these for acknowledged.
	 */
	static InboundListener of(EndpointSpec spec, InboundListener listener, @Nullable AckLedger ledger,
			StreamConnection connection, FrameCodec codec) {
		return (ledger != null) ? new AcknowledgingListener(listener, ledger, connection, codec, spec.maxMessageSize())
				: listener;
	}

	/** The frame size a connection's codec must accept: the payload and the overhead. */
	static int frameLimit(EndpointSpec spec) {
		return (spec.delivery() == io.ipcstarter.transport.Delivery.ACKNOWLEDGED)
				? (int) Math.min(EndpointSpec.MAX_MAX_MESSAGE_SIZE, (long) spec.maxMessageSize() + AckFrames.OVERHEAD)
				: spec.maxMessageSize();
	}

	@Override
	public void onMessage(byte[] frame, Peer peer, Reply reply) throws Exception {
		if (this.broken) {
			return;
		}
		String from = this.sender;
		if (from == null) {
			hello(frame);
			return;
		}
		int offset;
		long sequence;
		try {
			offset = AckFrames.payloadOffset(frame);
			sequence = AckFrames.sequenceOf(frame, offset);
		}
		catch (IpcException ex) {
			endConnection();
			throw ex;
		}
		if (sequence <= this.ledger.lastHandled(from)) {
			// sent again: it was handled, only its acknowledgement was lost
			write(AckFrames.ack(sequence));
			return;
		}
		int length = frame.length - offset;
		if (length > this.maxMessageSize) {
			this.ledger.handled(from, sequence);
			write(AckFrames.refusal(sequence, ErrorReason.OVERSIZE));
			throw new IpcException(ErrorReason.OVERSIZE, "Frame larger than max-message-size (" + this.maxMessageSize
					+ " bytes) rejected: " + length + " bytes");
		}
		try {
			this.delegate.onMessage(Arrays.copyOfRange(frame, offset, frame.length), peer, reply);
		}
		catch (Exception ex) {
			// handed over and failed: reported by the server, never delivered again; the
			// sender is told
			this.ledger.handled(from, sequence);
			write(AckFrames.refusal(sequence,
					(ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER));
			throw ex;
		}
		this.ledger.handled(from, sequence);
		write(AckFrames.ack(sequence));
	}

	private void hello(byte[] frame) throws IOException {
		String from = AckFrames.senderOf(frame);
		if (from == null) {
			endConnection();
			throw AckFrames.protocol("the first frame on a connection must be the hello '" + AckFrames.HELLO
					+ "<sender id>': is the sender configured with delivery: acknowledged too?");
		}
		this.sender = from;
		write(AckFrames.helloAnswer(this.ledger.lastHandled(from)));
	}

	private void write(byte[] frame) throws IOException {
		OutputStream out = this.connection.output();
		this.codec.write(frame, out);
		out.flush();
	}

	/**
	 * Stop reading after a frame that breaks the protocol: the server sees end of stream
	 * and closes the connection, and the sender, which waits for an answer, sees it
	 * close.
	 */
	private void endConnection() {
		this.broken = true;
		try {
			this.connection.shutdownInput();
		}
		catch (IOException ex) {
			this.connection.close();
		}
	}

	@Override
	public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
		this.delegate.onError(reason, cause, peer);
	}

	@Override
	public void onPeerConnected(Peer peer) {
		this.delegate.onPeerConnected(peer);
	}

	@Override
	public void onPeerDisconnected(Peer peer) {
		this.delegate.onPeerDisconnected(peer);
	}

}
