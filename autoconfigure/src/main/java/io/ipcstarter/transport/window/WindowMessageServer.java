package io.ipcstarter.transport.window;

import java.io.IOException;
import java.lang.ref.Reference;
import java.util.Map;
import java.util.Set;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.User32Messages;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.InboundListener.Reply;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code window-message}: a {@link MessageOnlyWindow} whose class and
 * name are the endpoint's address, on one thread ({@code ipc-<name>-window-1}, not a
 * daemon). Each WM_COPYDATA (or registered message) is handed to the listener inside the
 * window procedure, so the sender's {@code SendMessage} returns once the application has
 * handled it: the window procedure returns 1 then, 0 when the message was refused
 * (oversize, malformed, failed). A gateway's reply is ready before the window procedure
 * returns: the result, or a WM_COPYDATA sent to the caller's window.
 */
final class WindowMessageServer implements IpcServer {

	private static final LRESULT ZERO = new LRESULT(0);

	private static final LRESULT ONE = new LRESULT(1);

	private static final byte[] EMPTY = new byte[0];

	/** A sender that gave no window handle (wParam 0), or a registered message. */
	private static final Peer UNKNOWN = Peer.of("window-message");

	private final EndpointSpec spec;

	private final WindowMessageOptions options;

	private final int limit;

	private final boolean gateway;

	private final WindowMessageReply replyForm;

	/** window-message.accepted-message-types; empty accepts every type. */
	private final Set<Long> acceptedTypes;

	private volatile @Nullable InboundListener listener;

	private volatile @Nullable MessageOnlyWindow window;

	private int registered; // set before the window exists, read on its thread

	private volatile boolean closed;

	WindowMessageServer(EndpointSpec spec, WindowMessageOptions options, int limit) {
		this.spec = spec;
		this.options = options;
		this.limit = limit;
		this.gateway = spec.role().isGateway();
		this.replyForm = options.effectiveReply();
		this.acceptedTypes = Set.copyOf(options.getAcceptedMessageTypes());
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The window-message server of " + this.spec + " is closed");
		}
		User32Messages user32 = User32Messages.get();
		this.registered = WindowMessageTransport.registeredMessage(this.options, this.spec);
		String address = this.spec.address();
		HWND existing = user32.FindWindowEx(User32Messages.HWND_MESSAGE, null, address, address);
		if (existing != null) {
			IntByReference pid = new IntByReference();
			user32.GetWindowThreadProcessId(existing, pid);
			throw new IpcException(ErrorReason.IO, "Cannot create window '" + address + "' of endpoint '"
					+ this.spec.name() + "': process " + pid.getValue() + " has one (address already in use)");
		}
		this.listener = listener;
		MessageOnlyWindow opened = MessageOnlyWindow.open(address, this.spec.name(), "window", false, this::handle);
		this.window = opened;
		if (this.options.isAllowLowerIntegritySenders()) {
			int message = (this.registered != 0) ? this.registered : User32Messages.WM_COPYDATA;
			if (!user32.ChangeWindowMessageFilterEx(opened.handle(), message, User32Messages.MSGFLT_ALLOW, null)) {
				int error = Native.getLastError();
				close();
				throw new IpcException(ErrorReason.IO, "ChangeWindowMessageFilterEx failed with error " + error
						+ " for ipc.endpoints." + this.spec.name() + ".window-message.allow-lower-integrity-senders");
			}
		}
	}

	/** The window procedure's part: on the window's thread, one message at a time. */
	private @Nullable LRESULT handle(HWND hwnd, int message, WPARAM wParam, LPARAM lParam) {
		InboundListener target = this.listener;
		if (target == null) {
			return null;
		}
		if (this.registered == 0 && message == User32Messages.WM_COPYDATA) {
			return copyData(target, hwnd, wParam, lParam);
		}
		if (this.registered != 0 && message == this.registered) {
			return deliver(target, CopyData.pair(wParam.longValue(), lParam.longValue()), UNKNOWN, Map.of(), hwnd,
					wParam, 0);
		}
		return null;
	}

	private LRESULT copyData(InboundListener target, HWND hwnd, WPARAM wParam, LPARAM lParam) {
		Peer peer = peer(wParam);
		if (lParam.longValue() == 0) {
			return refuse(target, ErrorReason.DECODE, "A WM_COPYDATA from " + peer.id() + " to window '"
					+ this.spec.address() + "' has no COPYDATASTRUCT (lParam 0); dropped", peer);
		}
		Pointer struct = new Pointer(lParam.longValue());
		long size = CopyData.size(struct);
		if (size > this.limit) {
			return refuse(target, ErrorReason.OVERSIZE,
					"A WM_COPYDATA of " + size + " bytes from " + peer.id() + " to window '" + this.spec.address()
							+ "' is larger than max-message-size (" + this.limit + " bytes); dropped",
					peer);
		}
		Pointer data = CopyData.data(struct);
		if (size > 0 && data == null) {
			return refuse(target, ErrorReason.DECODE,
					"A WM_COPYDATA from " + peer.id() + " announces " + size + " bytes at lpData NULL; dropped", peer);
		}
		long type = CopyData.type(struct);
		if (!this.acceptedTypes.isEmpty() && !this.acceptedTypes.contains(type)) {
			// checked before the bytes are copied: a type we do not read is never
			// delivered
			return refuse(target, ErrorReason.DECODE, "A WM_COPYDATA of message type (dwData) "
					+ Long.toUnsignedString(type) + " from " + peer.id() + " to window '" + this.spec.address()
					+ "' is not one of window-message.accepted-message-types " + this.acceptedTypes + "; dropped",
					peer);
		}
		byte[] payload = (size == 0) ? EMPTY : data.getByteArray(0, (int) size);
		return deliver(target, payload, peer, Map.of("messageType", type), hwnd, wParam, type);
	}

	private LRESULT deliver(InboundListener target, byte[] payload, Peer peer, Map<String, ?> attributes, HWND hwnd,
			WPARAM wParam, long type) {
		Answer answer = this.gateway ? new Answer(hwnd, wParam, type, peer) : null;
		try {
			target.onMessage(payload, peer, (answer != null) ? answer : Reply.NONE, attributes);
		}
		catch (Exception ex) {
			target.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex, peer);
			return ZERO;
		}
		return (answer != null) ? answer.result() : ONE;
	}

	private LRESULT refuse(InboundListener target, ErrorReason reason, String message, Peer peer) {
		target.onError(reason, new IpcException(reason, message), peer);
		return ZERO;
	}

	/**
	 * The sender named by a WM_COPYDATA's wParam (its window, by convention), with its
	 * process id; {@link #UNKNOWN} when it gave none.
	 */
	private static Peer peer(WPARAM wParam) {
		long handle = wParam.longValue();
		if (handle == 0) {
			return UNKNOWN;
		}
		IntByReference pid = new IntByReference();
		String id = "hwnd:0x" + Long.toHexString(handle);
		if (User32Messages.get().GetWindowThreadProcessId(new HWND(new Pointer(handle)), pid) == 0) {
			return Peer.of(id);
		}
		return new Peer(id, pid.getValue(), null);
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		this.closed = true;
		MessageOnlyWindow opened = this.window;
		this.window = null;
		if (opened != null) {
			opened.close();
		}
	}

	/**
	 * The way back for one request: the result the window procedure returns, or a
	 * WM_COPYDATA to the caller's window sent before it returns.
	 */
	private final class Answer implements Reply {

		private final HWND own;

		private final WPARAM caller;

		private final long type;

		private final Peer peer;

		private @Nullable LRESULT result;

		Answer(HWND own, WPARAM caller, long type, Peer peer) {
			this.own = own;
			this.caller = caller;
			this.type = type;
			this.peer = peer;
		}

		@Override
		public void send(byte[] payload) throws IOException {
			if (WindowMessageServer.this.replyForm == WindowMessageReply.RESULT) {
				this.result = new LRESULT(CopyData.parseDecimal(payload, "The reply of a 'result' gateway"));
				return;
			}
			if (this.caller.longValue() == 0) {
				throw new IpcException(ErrorReason.PEER_REJECTED, "The request from " + this.peer.id()
						+ " names no window to reply to (wParam 0); a copydata reply goes to the caller's window");
			}
			Memory block = CopyData.write(this.type, payload);
			ULONG_PTRByReference ignored = new ULONG_PTRByReference();
			EndpointSpec spec = WindowMessageServer.this.spec;
			LRESULT sent = User32Messages.get()
				.SendMessageTimeout(new HWND(new Pointer(this.caller.longValue())), User32Messages.WM_COPYDATA,
						new WPARAM(Pointer.nativeValue(this.own.getPointer())), new LPARAM(Pointer.nativeValue(block)),
						User32Messages.SMTO_ABORTIFHUNG, (int) Math.max(1, spec.sendTimeout().toMillis()), ignored);
			// the receiver reads it until the call returns
			Reference.reachabilityFence(block);
			if (sent.longValue() == 0) {
				int error = Native.getLastError();
				throw new IpcException((error == User32Messages.ERROR_TIMEOUT) ? ErrorReason.TIMEOUT : ErrorReason.IO,
						"The reply to " + this.peer.id() + " was not taken by its window within send-timeout "
								+ Durations.simple(spec.sendTimeout()) + " (error " + error + ")");
			}
			this.result = ONE;
		}

		/** 1 when a copydata reply went out, the number of a result reply, else 0. */
		LRESULT result() {
			return (this.result != null) ? this.result : ZERO;
		}

	}

}
