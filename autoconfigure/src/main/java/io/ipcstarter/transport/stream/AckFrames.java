package io.ipcstarter.transport.stream;

import java.nio.charset.StandardCharsets;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The frames of {@code delivery: acknowledged}, each carried in the endpoint's framing
 * (the bytes are in {@code docs/wire-formats.md}). Everything is ASCII, so it fits every
 * framing but {@code raw}:
 * <ul>
 * <li>hello, sender to receiver, first on a connection: {@code IPC-ACK/1 <sender id>};
 * <li>its answer: {@code IPC-ACK/1 <highest sequence number handled from that sender>};
 * <li>a message: {@code <sequence number> <payload>} (one space between);
 * <li>its acknowledgement: {@code <sequence number>}, or
 * {@code <sequence number> !<reason>} when the receiver refused it (not delivered, not to
 * be sent again).
 * </ul>
 */
final class AckFrames {

	static final String HELLO = "IPC-ACK/1 ";

	private static final byte[] HELLO_BYTES = HELLO.getBytes(StandardCharsets.US_ASCII);

	/** Longest sender id a receiver takes (ours are 32 hex digits). */
	static final int MAX_SENDER_ID = 64;

	/**
	 * Bytes a frame may carry beyond the payload: the longest hello, or a 19-digit
	 * sequence number and its space.
	 */
	static final int OVERHEAD = HELLO_BYTES.length + MAX_SENDER_ID;

	private AckFrames() {
	}

	static byte[] hello(String senderId) {
		return (HELLO + senderId).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] helloAnswer(long lastHandled) {
		return (HELLO + lastHandled).getBytes(StandardCharsets.US_ASCII);
	}

	/** The sender id of a hello; {@code null} when the frame is no hello. */
	static String senderOf(byte[] frame) {
		int n = frame.length - HELLO_BYTES.length;
		if (n <= 0 || n > MAX_SENDER_ID || !startsWithHello(frame)) {
			return null;
		}
		for (int i = HELLO_BYTES.length; i < frame.length; i++) {
			if (frame[i] <= ' ' || frame[i] >= 0x7f) {
				return null;
			}
		}
		return new String(frame, HELLO_BYTES.length, n, StandardCharsets.US_ASCII);
	}

	/** The number a hello answer carries. */
	static long lastHandledOf(byte[] frame) throws IpcException {
		if (!startsWithHello(frame)) {
			throw protocol("expected the hello answer '" + HELLO + "<n>', got " + preview(frame));
		}
		return number(frame, HELLO_BYTES.length, frame.length, frame);
	}

	/** A message frame: the sequence number, a space, the payload. */
	static byte[] message(long sequence, byte[] payload) {
		byte[] digits = Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
		byte[] frame = new byte[digits.length + 1 + payload.length];
		System.arraycopy(digits, 0, frame, 0, digits.length);
		frame[digits.length] = ' ';
		System.arraycopy(payload, 0, frame, digits.length + 1, payload.length);
		return frame;
	}

	/** Where a message frame's payload begins (after the space). */
	static int payloadOffset(byte[] frame) throws IpcException {
		for (int i = 0; i < frame.length && i <= 19; i++) {
			if (frame[i] == ' ') {
				if (i == 0) {
					break;
				}
				return i + 1;
			}
		}
		throw protocol("a message must begin with its sequence number and a space, got " + preview(frame));
	}

	/** The sequence number of a message frame whose payload begins at {@code offset}. */
	static long sequenceOf(byte[] frame, int offset) throws IpcException {
		return number(frame, 0, offset - 1, frame);
	}

	static byte[] ack(long sequence) {
		return Long.toString(sequence).getBytes(StandardCharsets.US_ASCII);
	}

	static byte[] refusal(long sequence, ErrorReason reason) {
		return (sequence + " !" + reason.tag()).getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * Check an acknowledgement of {@code sequence}.
	 * @return {@code null} when it was handled, otherwise the reason the receiver gave
	 * for refusing it
	 * @throws IpcException ({@link ErrorReason#DECODE}) when the frame acknowledges
	 * something else
	 */
	static String refusalOf(byte[] frame, long sequence) throws IpcException {
		int space = indexOf(frame, (byte) ' ');
		int end = (space < 0) ? frame.length : space;
		long acked = number(frame, 0, end, frame);
		if (acked != sequence) {
			throw protocol("expected the acknowledgement of message " + sequence + ", got " + preview(frame));
		}
		if (space < 0) {
			return null;
		}
		if (space + 1 >= frame.length || frame[space + 1] != '!') {
			throw protocol("malformed acknowledgement " + preview(frame));
		}
		return new String(frame, space + 2, frame.length - space - 2, StandardCharsets.US_ASCII);
	}

	private static boolean startsWithHello(byte[] frame) {
		if (frame.length < HELLO_BYTES.length) {
			return false;
		}
		for (int i = 0; i < HELLO_BYTES.length; i++) {
			if (frame[i] != HELLO_BYTES[i]) {
				return false;
			}
		}
		return true;
	}

	private static long number(byte[] bytes, int from, int to, byte[] frame) throws IpcException {
		if (to <= from || to - from > 19) {
			throw protocol("expected a decimal number in " + preview(frame));
		}
		long n = 0;
		for (int i = from; i < to; i++) {
			int digit = bytes[i] - '0';
			if (digit < 0 || digit > 9) {
				throw protocol("expected a decimal number in " + preview(frame));
			}
			n = n * 10 + digit;
			if (n < 0) {
				throw protocol("number out of range in " + preview(frame));
			}
		}
		return n;
	}

	private static int indexOf(byte[] frame, byte b) {
		for (int i = 0; i < frame.length; i++) {
			if (frame[i] == b) {
				return i;
			}
		}
		return -1;
	}

	private static String preview(byte[] frame) {
		StringBuilder sb = new StringBuilder("'");
		for (int i = 0; i < Math.min(frame.length, 40); i++) {
			int c = frame[i] & 0xff;
			sb.append((c >= 0x20 && c < 0x7f) ? String.valueOf((char) c) : String.format("\\x%02x", c));
		}
		return sb.append((frame.length > 40) ? "...'" : "'").toString();
	}

	static IpcException protocol(String detail) {
		return new IpcException(ErrorReason.DECODE, "delivery: acknowledged: " + detail);
	}

}
