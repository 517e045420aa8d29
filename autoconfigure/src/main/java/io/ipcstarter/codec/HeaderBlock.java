package io.ipcstarter.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The optional header block inside a frame ({@code headers: json}): a 4-byte big-endian
 * length {@code H}, then {@code H} bytes of UTF-8 JSON (one flat object whose values are
 * strings), then the payload. {@code H} = 0 means no headers. The exact bytes are in
 * {@code docs/wire-formats.md}. The block is bounded by {@link #MAX_SIZE}, so a hostile
 * length never allocates more.
 */
public final class HeaderBlock {

	/** Largest header block accepted or written: 64 KiB of JSON. */
	public static final int MAX_SIZE = 64 * 1024;

	private static final int LENGTH_BYTES = 4;

	private HeaderBlock() {
	}

	/** A frame split into its headers and payload bytes. */
	public record Split(Map<String, String> headers, byte[] frame, int payloadOffset) {

		/** Length of the payload. */
		public int payloadLength() {
			return this.frame.length - this.payloadOffset;
		}

		/** The payload as its own array (a copy, since it starts after the block). */
		public byte[] payload() {
			return Arrays.copyOfRange(this.frame, this.payloadOffset, this.frame.length);
		}

	}

	/**
	 * One frame body: the block for {@code headers} (none when empty), then
	 * {@code payload}.
	 * @throws IpcException with {@link ErrorReason#DECODE} when the headers exceed
	 * {@link #MAX_SIZE}
	 */
	public static byte[] wrap(Map<String, String> headers, byte[] payload) throws IpcException {
		byte[] json = headers.isEmpty() ? new byte[0] : FlatJson.write(headers).getBytes(StandardCharsets.UTF_8);
		if (json.length > MAX_SIZE) {
			throw new IpcException(ErrorReason.DECODE,
					"Headers take " + json.length + " bytes of JSON, more than the " + MAX_SIZE + " allowed");
		}
		byte[] frame = new byte[LENGTH_BYTES + json.length + payload.length];
		int h = json.length;
		frame[0] = (byte) (h >>> 24);
		frame[1] = (byte) (h >>> 16);
		frame[2] = (byte) (h >>> 8);
		frame[3] = (byte) h;
		System.arraycopy(json, 0, frame, LENGTH_BYTES, h);
		System.arraycopy(payload, 0, frame, LENGTH_BYTES + h, payload.length);
		return frame;
	}

	/**
	 * Split a received frame.
	 * @throws IpcException with {@link ErrorReason#DECODE} when the block is missing, too
	 * long or not a flat JSON object of strings
	 */
	public static Split unwrap(byte[] frame) throws IpcException {
		if (frame.length < LENGTH_BYTES) {
			throw new IpcException(ErrorReason.DECODE, "Frame of " + frame.length
					+ " bytes has no header block (headers: json expects a 4-byte header length first)");
		}
		long h = ((frame[0] & 0xFFL) << 24) | ((frame[1] & 0xFF) << 16) | ((frame[2] & 0xFF) << 8) | (frame[3] & 0xFF);
		if (h > MAX_SIZE || h > frame.length - LENGTH_BYTES) {
			throw new IpcException(ErrorReason.DECODE, "Header block length " + h + " exceeds "
					+ ((h > MAX_SIZE) ? "the limit of " + MAX_SIZE : "the frame (" + frame.length + " bytes)"));
		}
		Map<String, String> headers;
		if (h == 0) {
			headers = Collections.emptyMap();
		}
		else {
			try {
				headers = FlatJson.read(new String(frame, LENGTH_BYTES, (int) h, StandardCharsets.UTF_8));
			}
			catch (IllegalArgumentException ex) {
				throw new IpcException(ErrorReason.DECODE, "Malformed header block: " + ex.getMessage(), ex);
			}
		}
		return new Split(headers, frame, LENGTH_BYTES + (int) h);
	}

}
