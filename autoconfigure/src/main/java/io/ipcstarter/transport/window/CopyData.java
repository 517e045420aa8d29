package io.ipcstarter.transport.window;

import java.nio.charset.StandardCharsets;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The wire forms of {@code window-message}: a {@code COPYDATASTRUCT} read in place and
 * written with its bytes in one block, and the decimal text that stands for numbers (a
 * {@code result} reply, a registered message's {@code wParam lParam}).
 * {@code COPYDATASTRUCT} is {@code { ULONG_PTR dwData; DWORD cbData; PVOID lpData; }}:
 * offsets 0, 8 and 16 in a 64-bit process, 0, 4 and 8 in a 32-bit one.
 */
final class CopyData {

	private static final int POINTER = Native.POINTER_SIZE;

	/** Size of a COPYDATASTRUCT, padding included. */
	static final int STRUCT_SIZE = 3 * POINTER;

	private CopyData() {
	}

	/** dwData of the structure at {@code struct}. */
	static long type(Pointer struct) {
		return (POINTER == 8) ? struct.getLong(0) : Integer.toUnsignedLong(struct.getInt(0));
	}

	/** cbData, unsigned. */
	static long size(Pointer struct) {
		return Integer.toUnsignedLong(struct.getInt(POINTER));
	}

	/** lpData; {@code null} for none. */
	static Pointer data(Pointer struct) {
		return struct.getPointer(2L * POINTER);
	}

	/**
	 * One block holding a COPYDATASTRUCT and, after it, the bytes it points at: one
	 * allocation and one copy per message.
	 */
	static Memory write(long type, byte[] payload) {
		Memory block = new Memory(STRUCT_SIZE + Math.max(1, payload.length));
		if (POINTER == 8) {
			block.setLong(0, type);
		}
		else {
			block.setInt(0, (int) type);
		}
		block.setInt(POINTER, payload.length);
		block.setPointer(2L * POINTER, (payload.length == 0) ? null : block.share(STRUCT_SIZE));
		block.write(STRUCT_SIZE, payload, 0, payload.length);
		return block;
	}

	/** A number as the decimal digits of a reply or a payload. */
	static byte[] decimal(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * The number that decimal digits (an optional sign, surrounding spaces allowed)
	 * spell.
	 * @throws IpcException with reason {@code decode} when they spell none
	 */
	static long parseDecimal(byte[] digits, String what) throws IpcException {
		String text = new String(digits, StandardCharsets.US_ASCII).trim();
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			throw new IpcException(ErrorReason.DECODE,
					what + " must be a number in decimal digits, not '" + abbreviate(text) + "'");
		}
	}

	/**
	 * The two numbers of a registered message's payload, {@code "wParam lParam"}: wParam
	 * unsigned, lParam signed, both decimal, one or more spaces between.
	 * @throws IpcException with reason {@code decode} when the payload is not that
	 */
	static long[] parsePair(byte[] payload) throws IpcException {
		String text = new String(payload, StandardCharsets.US_ASCII).trim();
		String[] parts = text.split(" +");
		try {
			if (parts.length == 2) {
				return new long[] { Long.parseUnsignedLong(parts[0]), Long.parseLong(parts[1]) };
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new IpcException(ErrorReason.DECODE,
				"a registered message's payload must be two decimal numbers 'wParam lParam', not '" + abbreviate(text)
						+ "'");
	}

	/** The payload of a registered message: {@code "wParam lParam"}. */
	static byte[] pair(long wParam, long lParam) {
		return (Long.toUnsignedString(wParam) + " " + lParam).getBytes(StandardCharsets.US_ASCII);
	}

	private static String abbreviate(String text) {
		return (text.length() <= 40) ? text : text.substring(0, 40) + "...";
	}

}
