package io.ipcstarter.transport.stream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcException;

/**
 * Reads and writes frames of one {@link Framing} on a byte stream. One instance per
 * connection. Frames are read by a {@link FrameReader} and written here, byte for byte as
 * Spring Integration's {@code TcpCodecs} serializers write them (the bytes are in
 * {@code docs/wire-formats.md}); the transport layer stays free of Spring.
 * <p>
 * Failures come out as {@link IpcException}s with the reason to count:
 * {@link ErrorReason#OVERSIZE} for a frame over the limit (rejected before any allocation
 * of its size), {@link ErrorReason#DECODE} for malformed or truncated frames,
 * {@link ErrorReason#IO} for a broken connection.
 */
public final class FrameCodec {

	private static final int STX = 0x02;

	private static final int ETX = 0x03;

	private final Framing framing;

	private final int maxMessageSize;

	private final FrameReader reader;

	private FrameCodec(Framing framing, int maxMessageSize) {
		this.framing = framing;
		this.maxMessageSize = maxMessageSize;
		this.reader = new FrameReader(framing, maxMessageSize);
	}

	/** A codec for one connection. */
	public static FrameCodec create(Framing framing, int maxMessageSize) {
		return new FrameCodec(framing, maxMessageSize);
	}

	public Framing framing() {
		return this.framing;
	}

	/**
	 * Whether a connection carries exactly one message, ended by closing the sending side
	 * ({@code raw}).
	 */
	public boolean isOneMessagePerConnection() {
		return this.framing == Framing.RAW;
	}

	/**
	 * Read the next frame.
	 * @return the payload, or {@code null} when the peer closed the stream cleanly
	 * between frames
	 * @throws IpcException classified as described on the class
	 */
	public byte @Nullable [] read(InputStream in) throws IpcException {
		byte @Nullable [] frame;
		try {
			frame = this.reader.read(in);
		}
		catch (IpcException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			throw classify(ex);
		}
		if (frame != null && frame.length > this.maxMessageSize) {
			throw new IpcException(ErrorReason.OVERSIZE, "Frame larger than max-message-size (" + this.maxMessageSize
					+ " bytes) rejected: " + frame.length + " bytes");
		}
		return frame;
	}

	/**
	 * Write one frame (not flushed).
	 * @throws IpcException with {@link ErrorReason#DECODE} when the payload cannot be
	 * framed (it contains the terminator, or is over the limit the peer will accept),
	 * otherwise {@link ErrorReason#IO}
	 */
	public void write(byte[] payload, OutputStream out) throws IpcException {
		checkFrameable(payload);
		try {
			switch (this.framing) {
				case LENGTH_PREFIX -> {
					int length = payload.length;
					out.write(new byte[] { (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8),
							(byte) length });
					out.write(payload);
				}
				case LINE -> {
					out.write(payload);
					out.write('\n');
				}
				case STX_ETX -> {
					out.write(STX);
					out.write(payload);
					out.write(ETX);
				}
				case NULL_TERMINATED -> {
					out.write(payload);
					out.write(0);
				}
				case RAW -> out.write(payload);
			}
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO, "Writing a " + this.framing.id() + " frame failed: " + ex, ex);
		}
	}

	private void checkFrameable(byte[] payload) throws IpcException {
		switch (this.framing) {
			case LINE -> rejectIfContains(payload, (byte) '\n', "a line feed (0x0A)");
			case NULL_TERMINATED -> rejectIfContains(payload, (byte) 0, "a NUL byte (0x00)");
			case STX_ETX -> rejectIfContains(payload, (byte) ETX, "an ETX byte (0x03)");
			default -> {
			}
		}
	}

	private void rejectIfContains(byte[] payload, byte terminator, String what) throws IpcException {
		for (byte b : payload) {
			if (b == terminator) {
				throw new IpcException(ErrorReason.DECODE, "Cannot send a payload containing " + what + " with "
						+ this.framing.id() + " framing: the receiver would split it; use length-prefix framing");
			}
		}
	}

	private IpcException classify(Exception ex) {
		String message = String.valueOf(ex.getMessage());
		if (this.reader.insideFrame() && ex instanceof SocketException && message.contains("reset")) {
			// the peer aborted its connection inside a frame: a frame cut short, bad
			// input like a close there (no trace, bounded logging), not a failure of ours
			return new IpcException(ErrorReason.DECODE, "Malformed " + this.framing.id()
					+ " frame: the peer reset the connection inside a frame (truncated frame)");
		}
		if (ex instanceof ClosedChannelException || ex instanceof SocketException
				|| ex instanceof EOFException && !message.contains("closed")) {
			return new IpcException(ErrorReason.IO, "Connection broken while reading a frame: " + ex, ex);
		}
		if (ex instanceof IOException && !message.contains("closed")) {
			return new IpcException(ErrorReason.IO, "Reading a frame failed: " + ex, ex);
		}
		// A stream that says it closed in the middle of a frame, or a runtime failure
		// while reading one: the bytes do not form a valid frame. (FrameReader reports
		// truncated and oversize frames itself.)
		return new IpcException(ErrorReason.DECODE, "Malformed " + this.framing.id() + " frame: " + message, ex);
	}

}
