package io.ipcstarter.transport.clipboard;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import com.sun.jna.Pointer;

import io.ipcstarter.nativeapi.windows.User32Clipboard;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcException;

/**
 * How a message sits in the clipboard's memory, per {@code clipboard.format}: a
 * registered format holds a 4-byte little-endian length and then the bytes (the block
 * Windows hands back may be larger than the one written, so the length says where the
 * message ends); {@code CF_UNICODETEXT} holds the message's UTF-8 text as UTF-16LE and a
 * closing NUL character.
 *
 * @param name the format's name as configured
 * @param text whether it is {@code CF_UNICODETEXT}
 */
record ClipboardFormat(String name, boolean text) {

	static final String UNICODE_TEXT = "CF_UNICODETEXT";

	/** Longest name {@code RegisterClipboardFormat} takes. */
	static final int MAX_NAME = 255;

	static final int LENGTH_BYTES = 4;

	static ClipboardFormat of(EndpointSpec spec) {
		ClipboardOptions options = spec.option(ClipboardOptions.class);
		String name = (options != null) ? options.getFormat() : ClipboardOptions.DEFAULT_FORMAT;
		if (name == null || name.isBlank() || name.length() > MAX_NAME) {
			throw new InvalidEndpointException(spec.name(), "clipboard.format",
					"'" + name + "' is not a clipboard format name (1 to " + MAX_NAME + " characters)",
					"Set it to a name of your own, e.g. " + ClipboardOptions.DEFAULT_FORMAT + ", or to "
							+ UNICODE_TEXT);
		}
		if (name.equalsIgnoreCase(UNICODE_TEXT)) {
			return new ClipboardFormat(UNICODE_TEXT, true);
		}
		if (name.regionMatches(true, 0, "CF_", 0, 3)) {
			throw new InvalidEndpointException(spec.name(), "clipboard.format",
					"'" + name + "' looks like a standard format; the only one supported is " + UNICODE_TEXT,
					"Set it to " + UNICODE_TEXT + " or to a registered format name of your own");
		}
		return new ClipboardFormat(name, false);
	}

	/** The format's id in this window session: registered on first use. */
	int id() throws IpcException {
		if (this.text) {
			return User32Clipboard.CF_UNICODETEXT;
		}
		int id = User32Clipboard.get().RegisterClipboardFormat(this.name);
		if (id == 0) {
			throw new IpcException(ErrorReason.IO, "Cannot register clipboard format '" + this.name + "'");
		}
		return id;
	}

	/** The bytes to put in the clipboard's memory for a message. */
	byte[] encode(byte[] payload) {
		if (this.text) {
			String text = new String(payload, StandardCharsets.UTF_8);
			byte[] utf16 = text.getBytes(StandardCharsets.UTF_16LE);
			byte[] withNul = new byte[utf16.length + 2];
			System.arraycopy(utf16, 0, withNul, 0, utf16.length);
			return withNul;
		}
		byte[] block = new byte[LENGTH_BYTES + payload.length];
		ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).putInt(payload.length).put(payload);
		return block;
	}

	/**
	 * The message in a block of clipboard memory of {@code size} bytes.
	 * @throws IpcException {@link ErrorReason#DECODE} when the block does not hold what
	 * this format promises, {@link ErrorReason#OVERSIZE} when the message is larger than
	 * {@code limit}
	 */
	byte[] decode(Pointer block, long size, int limit) throws IpcException {
		if (this.text) {
			long chars = size / 2;
			int length = 0;
			// wchar_t is 2 bytes on Windows
			while (length < chars && block.getChar(2L * length) != 0) {
				length++;
				if (length > limit) { // UTF-8 is at least one byte a character
					throw oversize(length, limit);
				}
			}
			String text = new String(block.getByteArray(0, 2 * length), StandardCharsets.UTF_16LE);
			byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
			if (utf8.length > limit) {
				throw oversize(utf8.length, limit);
			}
			return utf8;
		}
		if (size < LENGTH_BYTES) {
			throw new IpcException(ErrorReason.DECODE, "Clipboard format '" + this.name + "' holds " + size
					+ " bytes, fewer than its " + LENGTH_BYTES + "-byte length");
		}
		// x86/x64 are little-endian
		long length = Integer.toUnsignedLong(block.getInt(0));
		if (length > size - LENGTH_BYTES) {
			throw new IpcException(ErrorReason.DECODE, "Clipboard format '" + this.name + "' says " + length
					+ " bytes follow its length, but its block holds " + (size - LENGTH_BYTES));
		}
		if (length > limit) {
			throw oversize(length, limit);
		}
		return block.getByteArray(LENGTH_BYTES, (int) length);
	}

	private IpcException oversize(long length, int limit) {
		return new IpcException(ErrorReason.OVERSIZE, "The clipboard holds a message of " + length
				+ " bytes or more in format '" + this.name + "', larger than max-message-size (" + limit + " bytes)");
	}

}
