package io.ipcstarter.transport.window;

import java.io.IOException;
import java.lang.ref.Reference;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.User32Messages;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code window-message}: finds the receiver by the address (a
 * message-only window of that class or name, then a top-level window of that title or
 * class, so a legacy program's ordinary window is reachable too), keeps its handle while
 * it lives, and sends each message with {@code SendMessageTimeout(SMTO_ABORTIFHUNG)}: a
 * send returns once the receiver's window procedure has handled the message, and a hung
 * or slow receiver costs at most {@code send-timeout}. While no such window exists it
 * looks again until {@code send-timeout}, then fails with {@code peer-rejected} naming
 * the window. Requests are made one at a time; a {@code copydata} gateway owns a
 * message-only window of its own ({@code ipc-<name>-reply-1}, a daemon) where the reply
 * arrives before the request's {@code SendMessage} returns.
 */
final class WindowMessageClient implements IpcClient {

	/** The header whose value, a number, is the dwData of one message. */
	static final String MESSAGE_TYPE = "ipc_messageType";

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private static final LRESULT ZERO = new LRESULT(0);

	private static final LRESULT ONE = new LRESULT(1);

	private final EndpointSpec spec;

	private final WindowMessageOptions options;

	private final int limit;

	private final Object requestLock = new Object();

	private volatile @Nullable HWND target;

	private volatile int registered = -1; // -1 until the first message asks for it

	private volatile @Nullable MessageOnlyWindow replyWindow; // created under requestLock

	private volatile @Nullable Slot pending;

	private volatile boolean closed;

	WindowMessageClient(EndpointSpec spec, WindowMessageOptions options, int limit) {
		this.spec = spec;
		this.options = options;
		this.limit = limit;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		send(payload, Map.of());
	}

	@Override
	public void send(byte[] payload, Map<String, Object> attributes) throws IOException {
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		int message = registered();
		if (message != 0) {
			long[] pair = CopyData.parsePair(payload);
			post(message, pair[0], pair[1], deadline);
			return;
		}
		checkSize(payload);
		Memory block = CopyData.write(messageType(attributes), payload);
		call(User32Messages.WM_COPYDATA, 0, Pointer.nativeValue(block), deadline, this.spec.sendTimeout(),
				"send-timeout");
		// the receiver reads it until the call returns
		Reference.reachabilityFence(block);
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		return request(payload, Map.of());
	}

	@Override
	public byte[] request(byte[] payload, Map<String, Object> attributes) throws IOException {
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		int message = registered();
		if (message != 0) {
			long[] pair = CopyData.parsePair(payload);
			return CopyData
				.decimal(call(message, pair[0], pair[1], deadline, this.spec.replyTimeout(), "reply-timeout"));
		}
		checkSize(payload);
		Memory block = CopyData.write(messageType(attributes), payload);
		try {
			if (this.options.effectiveReply() == WindowMessageReply.RESULT) {
				return CopyData.decimal(call(User32Messages.WM_COPYDATA, 0, Pointer.nativeValue(block), deadline,
						this.spec.replyTimeout(), "reply-timeout"));
			}
			synchronized (this.requestLock) {
				HWND own = replyWindow().handle();
				Slot slot = new Slot();
				this.pending = slot;
				try {
					long result = call(User32Messages.WM_COPYDATA, Pointer.nativeValue(own.getPointer()),
							Pointer.nativeValue(block), deadline, this.spec.replyTimeout(), "reply-timeout", slot);
					// the receiver sends its reply before its window procedure returns:
					// when several came (late replies to requests that timed out), ours
					// is the last
					IpcException failure = slot.failure;
					if (failure != null) {
						throw failure;
					}
					byte[] reply = slot.reply;
					if (reply == null) {
						throw new IpcException(ErrorReason.IO,
								"Window '" + this.spec.address() + "' took the request but sent no reply (result "
										+ result + "): its handling failed; endpoint '" + this.spec.name() + "'");
					}
					return reply;
				}
				finally {
					this.pending = null;
				}
			}
		}
		finally {
			Reference.reachabilityFence(block);
		}
	}

	private void checkSize(byte[] payload) throws IpcException {
		if (payload.length > this.limit) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + payload.length + " bytes is larger than max-message-size (" + this.limit
							+ " bytes) and is not sent to window '" + this.spec.address() + "' by endpoint '"
							+ this.spec.name() + "'");
		}
	}

	private long messageType(Map<String, Object> attributes) throws IpcException {
		Object value = attributes.get(MESSAGE_TYPE);
		if (value == null) {
			return this.options.getMessageType();
		}
		if (value instanceof Number number) {
			return number.longValue();
		}
		try {
			return Long.parseLong(value.toString().trim());
		}
		catch (NumberFormatException ex) {
			throw new IpcException(ErrorReason.DECODE, "The header " + MESSAGE_TYPE + " must be a number, not '" + value
					+ "' (endpoint '" + this.spec.name() + "')");
		}
	}

	/**
	 * {@code SendMessageTimeout} to the receiver, looking it up again when its window is
	 * gone; returns the window procedure's result.
	 */
	private long call(int message, long wParam, long lParam, long findDeadline, Duration timeout, String timeoutKey)
			throws IpcException {
		return call(message, wParam, lParam, findDeadline, timeout, timeoutKey, null);
	}

	/**
	 * {@link #call(int, long, long, long, Duration, String)} telling the slot of a
	 * copydata request which window it asks, before each attempt.
	 */
	private long call(int message, long wParam, long lParam, long findDeadline, Duration timeout, String timeoutKey,
			@Nullable Slot slot) throws IpcException {
		User32Messages user32 = User32Messages.get();
		ULONG_PTRByReference result = new ULONG_PTRByReference();
		while (true) {
			HWND hwnd = target(findDeadline);
			if (slot != null) {
				slot.from = Pointer.nativeValue(hwnd.getPointer());
			}
			LRESULT ok = user32.SendMessageTimeout(hwnd, message, new WPARAM(wParam), new LPARAM(lParam),
					User32Messages.SMTO_ABORTIFHUNG, (int) Math.max(1, timeout.toMillis()), result);
			if (ok.longValue() != 0) {
				return result.getValue().longValue();
			}
			int error = Native.getLastError();
			if (error == User32Messages.ERROR_INVALID_WINDOW_HANDLE) {
				this.target = null; // the receiver went away: look for its successor
				continue;
			}
			if (error == User32Messages.ERROR_TIMEOUT || error == 0) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"Window '" + this.spec.address() + "' did not handle the message within " + timeoutKey + " "
								+ Durations.simple(timeout) + " (it is hung or its handling took longer); endpoint '"
								+ this.spec.name() + "'");
			}
			if (!user32.IsWindow(hwnd)) {
				// it died while it had the message (under Wine: error 5): it may have
				// handled it, so sending it to the successor could handle it twice
				this.target = null;
				throw new IpcException(ErrorReason.IO, "Window '" + this.spec.address()
						+ "' went away while it had the message (SendMessageTimeout error " + error
						+ "): the receiver may have handled it; not sent again, so that it is never handled twice; "
						+ "endpoint '" + this.spec.name() + "'");
			}
			throw new IpcException(ErrorReason.IO,
					"SendMessageTimeout to window '" + this.spec.address() + "' failed with error " + error);
		}
	}

	/**
	 * {@code PostMessage} of a registered message: returns once it is in the receiver's
	 * queue, waiting (until the deadline) while that queue is full.
	 */
	private void post(int message, long wParam, long lParam, long deadline) throws IpcException {
		User32Messages user32 = User32Messages.get();
		while (true) {
			HWND hwnd = target(deadline);
			if (user32.PostMessage(hwnd, message, new WPARAM(wParam), new LPARAM(lParam))) {
				return;
			}
			int error = Native.getLastError();
			if (error == User32Messages.ERROR_INVALID_WINDOW_HANDLE) {
				this.target = null;
				continue;
			}
			if (error != User32Messages.ERROR_NOT_ENOUGH_QUOTA) {
				throw new IpcException(ErrorReason.IO,
						"PostMessage to window '" + this.spec.address() + "' failed with error " + error);
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new IpcException(ErrorReason.TIMEOUT, "The message queue of window '" + this.spec.address()
						+ "' stayed full for send-timeout " + Durations.simple(this.spec.sendTimeout()));
			}
			LockSupport.parkNanos(RETRY_NANOS);
		}
	}

	/** The receiver's window, looked for until the deadline. */
	private HWND target(long deadline) throws IpcException {
		HWND known = this.target;
		if (known != null) {
			return known;
		}
		while (true) {
			if (this.closed) {
				throw new IpcException(ErrorReason.IO,
						"The window-message client of endpoint '" + this.spec.name() + "' is closed");
			}
			HWND found = find(this.spec.address());
			if (found != null) {
				this.target = found;
				return found;
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new IpcException(ErrorReason.PEER_REJECTED,
						"No window '" + this.spec.address() + "' to send to: none among the message-only windows "
								+ "nor the top-level windows by that class or name (looked for send-timeout "
								+ Durations.simple(this.spec.sendTimeout()) + "); endpoint '" + this.spec.name() + "'");
			}
			LockSupport.parkNanos(RETRY_NANOS); // a receiver may be starting
		}
	}

	/**
	 * A message-only window of that class, or name; else a top-level window of that
	 * title, or class.
	 */
	static @Nullable HWND find(String address) {
		User32Messages user32 = User32Messages.get();
		HWND found = user32.FindWindowEx(User32Messages.HWND_MESSAGE, null, address, null);
		if (found == null) {
			found = user32.FindWindowEx(User32Messages.HWND_MESSAGE, null, null, address);
		}
		if (found == null) {
			found = user32.FindWindowEx(null, null, null, address);
		}
		if (found == null) {
			found = user32.FindWindowEx(null, null, address, null);
		}
		return found;
	}

	private int registered() throws IpcException {
		int message = this.registered;
		if (message == -1) {
			message = WindowMessageTransport.registeredMessage(this.options, this.spec);
			this.registered = message;
		}
		return message;
	}

	private MessageOnlyWindow replyWindow() throws IpcException {
		MessageOnlyWindow window = this.replyWindow;
		if (window == null) {
			// a class name of our own per client: Windows keeps one class per name and
			// process
			String className = "ipc-reply-" + this.spec.name() + "-" + Long.toHexString(System.nanoTime());
			window = MessageOnlyWindow.open(className, this.spec.name(), "reply", true, this::onReply);
			this.replyWindow = window;
		}
		return window;
	}

	/**
	 * The reply window's procedure: a WM_COPYDATA is the reply to the request pending.
	 */
	private @Nullable LRESULT onReply(HWND hwnd, int message, WPARAM wParam, LPARAM lParam) {
		if (message != User32Messages.WM_COPYDATA) {
			return null;
		}
		Slot slot = this.pending;
		if (slot == null || lParam.longValue() == 0) {
			return ZERO; // no request waits: a late reply, dropped
		}
		if (wParam.longValue() != slot.from) {
			// not from the window asked: any process on the desktop can send here
			return ZERO;
		}
		Pointer struct = new Pointer(lParam.longValue());
		long size = CopyData.size(struct);
		if (size > this.limit) {
			slot.failure = new IpcException(ErrorReason.OVERSIZE, "The reply of " + size + " bytes from window '"
					+ this.spec.address() + "' is larger than max-message-size (" + this.limit + " bytes)");
			return ZERO;
		}
		Pointer data = CopyData.data(struct);
		slot.reply = (size == 0 || data == null) ? new byte[0] : data.getByteArray(0, (int) size);
		slot.failure = null;
		return ONE;
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		this.closed = true;
		// not under requestLock: a request may hold it
		MessageOnlyWindow window = this.replyWindow;
		this.replyWindow = null;
		if (window != null) {
			window.close();
		}
	}

	/** Where the reply window puts the reply to the request in flight. */
	private static final class Slot {

		/** The window asked, which must name itself in the reply's wParam. */
		volatile long from;

		volatile byte @Nullable [] reply;

		volatile @Nullable IpcException failure;

	}

}
