package io.ipcstarter.transport.dde;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import com.sun.jna.platform.win32.WinDef.DWORDByReference;

import io.ipcstarter.nativeapi.windows.User32Clipboard;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcException;

/**
 * How a message travels as DDE data, per {@code dde.format}: {@code CF_TEXT} is the bytes
 * and a closing NUL (a receiver takes what comes before the first NUL), a registered
 * format the bytes as they are.
 *
 * @param name the format as configured
 * @param text whether it is {@code CF_TEXT}
 */
record DdeData(String name, boolean text) {

	static final String TEXT = "CF_TEXT";

	static final int CF_TEXT = 1;

	static DdeData of(EndpointSpec spec) {
		DdeOptions options = spec.option(DdeOptions.class);
		String name = (options != null) ? options.getFormat() : DdeOptions.DEFAULT_FORMAT;
		if (name == null || name.isBlank() || name.length() > 255) {
			throw new InvalidEndpointException(spec.name(), "dde.format", "'" + name + "' is not a format name",
					"Set it to CF_TEXT or to a registered format name of your own");
		}
		if (name.equalsIgnoreCase(TEXT)) {
			return new DdeData(TEXT, true);
		}
		if (name.regionMatches(true, 0, "CF_", 0, 3)) {
			throw new InvalidEndpointException(spec.name(), "dde.format",
					"'" + name + "' looks like a standard format; the only one supported is " + TEXT,
					"Set it to CF_TEXT or to a registered format name of your own");
		}
		return new DdeData(name, false);
	}

	/** The format's id (registered on first use for a named format). */
	int id() throws IpcException {
		if (this.text) {
			return CF_TEXT;
		}
		int id = User32Clipboard.get().RegisterClipboardFormat(this.name);
		if (id == 0) {
			throw new IpcException(ErrorReason.IO, "Cannot register clipboard format '" + this.name + "'");
		}
		return id;
	}

	/**
	 * How many bytes of {@link #encode} go on the wire: the payload, and a NUL for
	 * {@code CF_TEXT}. An empty message in a registered format is 0 bytes, though its
	 * memory cannot be.
	 */
	int wireLength(byte[] payload) {
		return payload.length + (this.text ? 1 : 0);
	}

	/**
	 * Whether a format DDEML hands us is {@code id}. Formats are 16-bit; a poke carries
	 * its format in {@code DDEPOKE.cfFormat}, a {@code short}, and Wine 8 passes it on
	 * sign-extended, so a registered format ({@code 0xC000} and up) arrived as
	 * {@code 0xFFFFC0xx} and every poke in it was refused: only the low 16 bits count.
	 */
	static boolean sameFormat(int given, int id) {
		return (given & 0xFFFF) == (id & 0xFFFF);
	}

	/** The message in native memory, as it goes on the wire. */
	Memory encode(byte[] payload) {
		Memory memory = new Memory(Math.max(1, payload.length + (this.text ? 1 : 0)));
		memory.write(0, payload, 0, payload.length);
		if (this.text) {
			memory.setByte(payload.length, (byte) 0);
		}
		return memory;
	}

	/**
	 * The message in a data handle: copied out, the handle left as it is (the caller
	 * frees what it owns).
	 */
	byte[] decode(DdemlUtil.IDdeClient client, Ddeml.HDDEDATA data, int limit) throws IpcException {
		DWORDByReference size = new DWORDByReference();
		Pointer bytes = client.accessData(data, size);
		try {
			int length = size.getValue().intValue();
			if (this.text) {
				int end = 0;
				while (end < length && bytes.getByte(end) != 0) {
					end++;
				}
				length = end;
			}
			if (length > limit) {
				throw new IpcException(ErrorReason.OVERSIZE,
						"DDE data of " + length + " bytes is larger than max-message-size (" + limit + " bytes)");
			}
			return bytes.getByteArray(0, length);
		}
		finally {
			client.unaccessData(data);
		}
	}

}
