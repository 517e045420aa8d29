package io.ipcstarter.transport.registry;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import io.ipcstarter.nativeapi.windows.RegistryKeys;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * How a message's bytes become a registry value's data and back (the mapping
 * {@code docs/wire-formats.md} documents). Text travels as UTF-8 in a message and as
 * UTF-16LE with a terminating NUL in a REG_SZ value; bytes travel as they are in a
 * REG_BINARY value.
 */
final class RegistryValues {

	private RegistryValues() {
	}

	/**
	 * The data of a REG_SZ value holding the message's text.
	 * @throws IpcException ({@link ErrorReason#DECODE}) when the bytes are not UTF-8 text
	 * or hold a NUL, which would end the string early for every reader
	 */
	static byte[] toRegSz(byte[] payload) throws IpcException {
		CharBuffer text;
		try {
			text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(payload));
		}
		catch (CharacterCodingException ex) {
			throw new IpcException(ErrorReason.DECODE,
					"The payload is not UTF-8 text, so it cannot be a REG_SZ value; set registry.value-type: binary",
					ex);
		}
		byte[] data = new byte[text.length() * 2 + 2];
		ByteBuffer out = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < text.length(); i++) {
			char c = text.get(i);
			if (c == 0) {
				throw new IpcException(ErrorReason.DECODE, "The payload holds a NUL character at " + i
						+ ", which would end a REG_SZ value there; set registry.value-type: binary");
			}
			out.putChar(c);
		}
		return data; // the last two bytes stay zero: the terminating NUL
	}

	/**
	 * The most bytes a string value may hold so that its text can still be at most
	 * {@code limit} bytes of UTF-8: one UTF-8 byte can take two bytes of UTF-16, plus the
	 * terminator.
	 */
	static int storedLimit(int limit) {
		return (int) Math.min(Integer.MAX_VALUE - 8, 2L * limit + 2);
	}

	/**
	 * A message's bytes from a value's data: the text of REG_SZ and REG_EXPAND_SZ (not
	 * expanded) as UTF-8, REG_DWORD and REG_QWORD as decimal text, REG_BINARY as it is.
	 * @throws IpcException ({@link ErrorReason#DECODE}) for any other type
	 */
	static byte[] toPayload(int type, byte[] data) throws IpcException {
		return switch (type) {
			case RegistryKeys.REG_SZ, RegistryKeys.REG_EXPAND_SZ -> text(data).getBytes(StandardCharsets.UTF_8);
			case RegistryKeys.REG_BINARY -> data;
			case RegistryKeys.REG_DWORD -> number(data, 4);
			case RegistryKeys.REG_QWORD -> number(data, 8);
			default -> throw new IpcException(ErrorReason.DECODE, "A value of type " + typeName(type)
					+ " is not carried (REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD and REG_QWORD are)");
		};
	}

	/** UTF-16LE up to the first NUL (a writer need not store the terminator). */
	private static String text(byte[] data) {
		ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		StringBuilder text = new StringBuilder(data.length / 2);
		while (in.remaining() >= 2) {
			char c = in.getChar();
			if (c == 0) {
				break;
			}
			text.append(c);
		}
		return text.toString();
	}

	private static byte[] number(byte[] data, int size) throws IpcException {
		if (data.length != size) {
			throw new IpcException(ErrorReason.DECODE,
					"A " + ((size == 4) ? "REG_DWORD" : "REG_QWORD") + " value of " + data.length + " bytes");
		}
		ByteBuffer in = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
		String text = (size == 4) ? Integer.toUnsignedString(in.getInt()) : Long.toUnsignedString(in.getLong());
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/** The name of a value type as regedit shows it: {@code REG_SZ}. */
	static String typeName(int type) {
		return switch (type) {
			case RegistryKeys.REG_NONE -> "REG_NONE";
			case RegistryKeys.REG_SZ -> "REG_SZ";
			case RegistryKeys.REG_EXPAND_SZ -> "REG_EXPAND_SZ";
			case RegistryKeys.REG_BINARY -> "REG_BINARY";
			case RegistryKeys.REG_DWORD -> "REG_DWORD";
			case RegistryKeys.REG_MULTI_SZ -> "REG_MULTI_SZ";
			case RegistryKeys.REG_QWORD -> "REG_QWORD";
			default -> "type " + type;
		};
	}

	/** Whether a value of this type holds text stored as UTF-16. */
	static boolean isText(int type) {
		return type == RegistryKeys.REG_SZ || type == RegistryKeys.REG_EXPAND_SZ;
	}

}
