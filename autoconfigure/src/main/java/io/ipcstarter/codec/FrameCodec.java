package io.ipcstarter.codec;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import org.springframework.core.serializer.Deserializer;
import org.springframework.core.serializer.Serializer;
import org.springframework.integration.ip.tcp.serializer.AbstractByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.AbstractPooledBufferByteArraySerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLengthHeaderSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayLfSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayRawSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArraySingleTerminatorSerializer;
import org.springframework.integration.ip.tcp.serializer.ByteArrayStxEtxSerializer;
import org.springframework.integration.ip.tcp.serializer.SoftEndOfStreamException;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcException;

/**
 * Reads and writes frames of one {@link Framing} on a byte stream. One instance per connection. Writing, and reading
 * {@code raw} frames, is Spring Integration's {@code TcpCodecs} serializers' job; the other framings are read by a
 * {@link FrameReader} (see there why).
 * <p>
 * Failures come out as {@link IpcException}s with the reason to count: {@link ErrorReason#OVERSIZE} for a frame
 * over the limit (rejected before any allocation of its size), {@link ErrorReason#DECODE} for malformed or
 * truncated frames, {@link ErrorReason#IO} for a broken connection.
 */
public final class FrameCodec {

	private static final byte ETX = 0x03;

	private final Framing framing;

	private final int maxMessageSize;

	private final Deserializer<byte[]> deserializer;

	private final Serializer<byte[]> serializer;

	private final FrameReader reader;

	private FrameCodec(Framing framing, int maxMessageSize, AbstractByteArraySerializer codec) {
		this.framing = framing;
		this.maxMessageSize = maxMessageSize;
		codec.setMaxMessageSize(maxMessageSize);
		if (codec instanceof AbstractPooledBufferByteArraySerializer pooled) {
			pooled.setPoolSize(1); // raw frames, the only ones it reads: one reusable buffer, not one per message
		}
		this.deserializer = codec;
		this.serializer = codec;
		this.reader = (framing != Framing.RAW) ? new FrameReader(framing, maxMessageSize) : null;
	}

	/** A codec for one connection. */
	public static FrameCodec create(Framing framing, int maxMessageSize) {
		AbstractByteArraySerializer codec = switch (framing) {
			case LENGTH_PREFIX -> new ByteArrayLengthHeaderSerializer();
			case LINE -> new ByteArrayLfSerializer();
			case STX_ETX -> new ByteArrayStxEtxSerializer();
			case NULL_TERMINATED -> new ByteArraySingleTerminatorSerializer((byte) 0);
			case RAW -> new ByteArrayRawSerializer();
		};
		return new FrameCodec(framing, maxMessageSize, codec);
	}

	public Framing framing() {
		return this.framing;
	}

	/** Whether a connection carries exactly one message, ended by closing the sending side ({@code raw}). */
	public boolean isOneMessagePerConnection() {
		return this.framing == Framing.RAW;
	}

	/**
	 * Read the next frame.
	 * @return the payload, or {@code null} when the peer closed the stream cleanly between frames
	 * @throws IpcException classified as described on the class
	 */
	public byte[] read(InputStream in) throws IpcException {
		byte[] frame;
		try {
			frame = (this.reader != null) ? this.reader.read(in) : this.deserializer.deserialize(in);
		}
		catch (SoftEndOfStreamException ex) {
			return null;
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
	 * @throws IpcException with {@link ErrorReason#DECODE} when the payload cannot be framed (it contains the
	 * terminator, or is over the limit the peer will accept), otherwise {@link ErrorReason#IO}
	 */
	public void write(byte[] payload, OutputStream out) throws IpcException {
		checkFrameable(payload);
		try {
			this.serializer.serialize(payload, out);
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO, "Writing a " + this.framing.id() + " frame failed: " + ex, ex);
		}
	}

	private void checkFrameable(byte[] payload) throws IpcException {
		switch (this.framing) {
			case LINE -> rejectIfContains(payload, (byte) '\n', "a line feed (0x0A)");
			case NULL_TERMINATED -> rejectIfContains(payload, (byte) 0, "a NUL byte (0x00)");
			case STX_ETX -> rejectIfContains(payload, ETX, "an ETX byte (0x03)");
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
		if (message.contains("max message length")) {
			return new IpcException(ErrorReason.OVERSIZE, "Frame larger than max-message-size ("
					+ this.maxMessageSize + " bytes) rejected: " + message, ex);
		}
		if (ex instanceof ClosedChannelException || ex instanceof SocketException
				|| ex instanceof EOFException && !message.contains("closed")) {
			return new IpcException(ErrorReason.IO, "Connection broken while reading a frame: " + ex, ex);
		}
		if (ex instanceof IOException && !message.contains("closed")) {
			return new IpcException(ErrorReason.IO, "Reading a frame failed: " + ex, ex);
		}
		// Truncated frames ("Stream closed after 3 of 10", "Socket closed during message assembly"),
		// a negative length, a missing STX: the bytes do not form a valid frame.
		return new IpcException(ErrorReason.DECODE, "Malformed " + this.framing.id() + " frame: " + message, ex);
	}

}
