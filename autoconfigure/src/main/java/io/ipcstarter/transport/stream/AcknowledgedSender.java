package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The sending end of {@code delivery: acknowledged} for a one-way {@link StreamClient}:
 * each message gets the next sequence number and the send returns only once the receiver
 * acknowledged it. When the connection breaks first (the receiver died, restarted, or
 * closed it), the message is kept and sent again on a new connection until
 * {@code send-timeout}; the receiver's answer to the hello on that connection says what
 * it had handled already, so a message whose acknowledgement was lost is not sent twice
 * to a receiver that remembers it. One message is outstanding at a time (stop and wait):
 * a returned send means the message was handled, the strongest thing a send can say, at
 * the price of one round trip each (measured in {@code benchmarks/}). The frames are
 * {@link AckFrames}.
 */
final class AcknowledgedSender {

	private static final SecureRandom IDS = new SecureRandom();

	private final EndpointSpec spec;

	private final StreamClient client;

	/** Random per endpoint instance: a restarted sender is a new sender. */
	private final byte[] hello;

	/** The last sequence number given out; guarded by this. */
	private long sequence;

	/** The connection acknowledgements come on, once the hello was answered. */
	private @Nullable PooledConnection current;

	AcknowledgedSender(EndpointSpec spec, StreamClient client) {
		this.spec = spec;
		this.client = client;
		byte[] id = new byte[16];
		IDS.nextBytes(id);
		this.hello = AckFrames.hello(HexFormat.of().formatHex(id));
	}

	synchronized void send(byte[] payload) throws IOException {
		long seq = ++this.sequence;
		byte[] frame = AckFrames.message(seq, payload);
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		long backoff = this.spec.reconnectInitialInterval().toNanos();
		String refusal;
		while (true) {
			PooledConnection connection = this.current;
			try {
				if (connection == null) {
					connection = this.client.connect(deadline);
					this.current = connection;
					connection.deadline(deadline);
					if (handshake(connection) >= seq) {
						connection.clearDeadline();
						return; // handled before its acknowledgement was lost
					}
				}
				connection.deadline(deadline);
				write(connection, frame);
				refusal = AckFrames.refusalOf(read(connection), seq);
				connection.clearDeadline();
				break;
			}
			catch (IpcException ex) {
				if (connection == null) {
					throw ex; // could not connect within send-timeout, or stopped
				}
				this.current = null;
				this.client.discard(connection);
				if (connection.timedOut() || remaining(deadline) <= 0) {
					throw new IpcException(ErrorReason.TIMEOUT,
							"No acknowledgement of message " + seq + " from " + this.client.address()
									+ " within send-timeout " + Durations.simple(this.spec.sendTimeout())
									+ " (is the inbound endpoint set to delivery: acknowledged?); it may or may not "
									+ "have been handled",
							ex);
				}
				if (ex.reason() == ErrorReason.DECODE) {
					// unframeable payload, or a peer that does not speak the protocol:
					// sending again will not help
					throw ex;
				}
				// the connection broke: keep the message, send it again on a new one
				sleep(Math.min(backoff, remaining(deadline)));
				backoff = Math.min(backoff * 2, this.spec.reconnectMaxInterval().toNanos());
			}
		}
		if (refusal != null) {
			throw new IpcException(reasonOf(refusal), "Message " + seq + " refused by " + this.client.address() + ": "
					+ refusal + " (the receiver reported why)");
		}
	}

	/** Send the hello; the highest sequence number the receiver handled from us. */
	private long handshake(PooledConnection connection) throws IOException {
		write(connection, this.hello);
		return AckFrames.lastHandledOf(read(connection));
	}

	private void write(PooledConnection connection, byte[] frame) throws IOException {
		OutputStream out = connection.connection().output();
		connection.codec().write(frame, out);
		try {
			out.flush();
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO, "Sending to " + this.client.address() + " failed: " + ex, ex);
		}
	}

	private byte[] read(PooledConnection connection) throws IOException {
		byte[] frame = connection.codec().read(connection.connection().input());
		if (frame == null) {
			throw new IpcException(ErrorReason.IO,
					"Peer " + this.client.address() + " closed the connection without acknowledging");
		}
		return frame;
	}

	private static ErrorReason reasonOf(String id) {
		for (ErrorReason reason : ErrorReason.values()) {
			if (reason.tag().equals(id)) {
				return reason;
			}
		}
		return ErrorReason.HANDLER;
	}

	private static long remaining(long deadline) {
		return deadline - System.nanoTime();
	}

	private static void sleep(long nanos) throws IpcException {
		try {
			TimeUnit.NANOSECONDS.sleep(Math.max(0, nanos));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while sending again", ex);
		}
	}

}
