package io.ipcstarter.transport.stream;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcException;

/**
 * Reads frames of every {@link Framing} (the bytes are in {@code docs/wire-formats.md}).
 * One instance per connection: the terminator framings and {@code raw} reuse one buffer
 * that grows only as far as the largest frame seen.
 * <p>
 * Why not Spring Integration's deserializers: the transport layer does not depend on
 * Spring; and they log at debug level for every frame, and since Spring Framework 7
 * delegates to Apache commons-logging those messages are rendered even when debug is off
 * (spring-framework#37266), which the benchmarks measured as several times the cost of
 * the rest of the read. They also report an oversize frame only through the text of an
 * {@code IOException}.
 */
final class FrameReader {

	private static final int STX = 0x02;

	private static final int ETX = 0x03;

	private static final int LF = '\n';

	private final Framing framing;

	private final int maxMessageSize;

	private byte[] buffer = new byte[0];

	/**
	 * Whether the last read stopped inside a frame (its first byte was read): a failure
	 * then cut a frame short.
	 */
	private boolean insideFrame;

	FrameReader(Framing framing, int maxMessageSize) {
		this.framing = framing;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * The next frame's payload, or {@code null} at a clean end of stream between frames.
	 */
	byte @Nullable [] read(InputStream in) throws IOException {
		this.insideFrame = false;
		return switch (this.framing) {
			case LENGTH_PREFIX -> readLengthPrefixed(in);
			case LINE -> readLine(in);
			case NULL_TERMINATED -> readUntil(in, 0, in.read(), this.maxMessageSize);
			case STX_ETX -> readStxEtx(in);
			case RAW -> readToEnd(in);
		};
	}

	private byte @Nullable [] readLengthPrefixed(InputStream in) throws IOException {
		int b0 = in.read();
		if (b0 < 0) {
			return null;
		}
		this.insideFrame = true;
		int b1 = in.read();
		int b2 = in.read();
		int b3 = in.read();
		if ((b1 | b2 | b3) < 0) {
			throw new IpcException(ErrorReason.DECODE, "Malformed length-prefix frame: the stream closed inside the "
					+ "4-byte length header (truncated frame)");
		}
		if ((b0 & 0x80) != 0) {
			throw new IpcException(ErrorReason.DECODE, "Malformed length-prefix frame: length header 0x"
					+ Integer.toHexString(b0 << 24 | b1 << 16 | b2 << 8 | b3) + " is 2^31 or more");
		}
		int length = b0 << 24 | b1 << 16 | b2 << 8 | b3;
		if (length > this.maxMessageSize) {
			throw oversize(length + " bytes announced by the length header");
		}
		byte[] payload = new byte[length];
		int read = in.readNBytes(payload, 0, length);
		if (read < length) {
			throw new IpcException(ErrorReason.DECODE, "Malformed length-prefix frame: the stream closed after " + read
					+ " of " + length + " payload bytes (truncated frame)");
		}
		return payload;
	}

	private byte @Nullable [] readLine(InputStream in) throws IOException {
		// one byte of room for the CR a CRLF peer puts before the LF
		byte @Nullable [] line = readUntil(in, LF, in.read(), this.maxMessageSize + 1);
		if (line != null && line.length > 0 && line[line.length - 1] == '\r') {
			return Arrays.copyOf(line, line.length - 1);
		}
		if (line != null && line.length > this.maxMessageSize) {
			throw oversize(line.length + " bytes before the line feed");
		}
		return line;
	}

	private byte @Nullable [] readStxEtx(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			return null;
		}
		this.insideFrame = true;
		if (first != STX) {
			throw new IpcException(ErrorReason.DECODE,
					"Malformed stx-etx frame: expected STX (0x02) to begin a frame, got 0x"
							+ Integer.toHexString(first));
		}
		byte @Nullable [] payload = readUntil(in, ETX, in.read(), this.maxMessageSize);
		if (payload == null) {
			throw truncated(0);
		}
		return payload;
	}

	/**
	 * Everything up to the end of the stream: a {@code raw} frame ends when the sender
	 * closes its side.
	 */
	private byte @Nullable [] readToEnd(InputStream in) throws IOException {
		int first = in.read();
		if (first < 0) {
			return null;
		}
		this.insideFrame = true;
		byte[] buf = this.buffer;
		int n = 0;
		for (int b = first; b >= 0; b = in.read()) {
			if (n == this.maxMessageSize) {
				throw oversize("the stream was not closed within " + this.maxMessageSize + " bytes");
			}
			if (n == buf.length) {
				buf = Arrays.copyOf(buf, (int) Math.min(this.maxMessageSize, Math.max(256, 2L * buf.length)));
				this.buffer = buf;
			}
			buf[n++] = (byte) b;
		}
		return Arrays.copyOf(buf, n);
	}

	/**
	 * Bytes up to (not including) the terminator.
	 * @param first the first byte, already read; -1 means a clean end of stream
	 */
	private byte @Nullable [] readUntil(InputStream in, int terminator, int first, int limit) throws IOException {
		if (first < 0) {
			return null;
		}
		this.insideFrame = true;
		byte[] buf = this.buffer;
		int n = 0;
		for (int b = first; b != terminator; b = in.read()) {
			if (b < 0) {
				throw truncated(n);
			}
			if (n == limit) {
				throw oversize("no terminator within " + limit + " bytes");
			}
			if (n == buf.length) {
				buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(256, 2L * buf.length)));
				this.buffer = buf;
			}
			buf[n++] = (byte) b;
		}
		return Arrays.copyOf(buf, n);
	}

	/** Whether the last {@link #read} failed or stopped after a frame's first byte. */
	boolean insideFrame() {
		return this.insideFrame;
	}

	private IpcException oversize(String detail) {
		return new IpcException(ErrorReason.OVERSIZE,
				"Frame larger than max-message-size (" + this.maxMessageSize + " bytes) rejected: " + detail);
	}

	private IpcException truncated(int bytes) {
		return new IpcException(ErrorReason.DECODE, "Malformed " + this.framing.id()
				+ " frame: the stream closed after " + bytes + " bytes, before the terminator (truncated frame)");
	}

}
