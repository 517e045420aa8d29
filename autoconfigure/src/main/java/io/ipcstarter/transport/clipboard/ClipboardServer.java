package io.ipcstarter.transport.clipboard;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.Kernel32Global;
import io.ipcstarter.nativeapi.windows.User32Clipboard;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code clipboard}: a message-only window registered with
 * {@code AddClipboardFormatListener} (thread {@code ipc-<name>-clipboard-1}, not a
 * daemon). At each change it reads the endpoint's format, if present, and delivers it
 * with the attribute {@code clipboardSequence} (the clipboard's sequence number) and the
 * writer's process id. It ignores changes written by its own process (so that an inbound
 * and an outbound endpoint of one application on the same format do not feed each other)
 * and changes in other formats (the user copying text, say). The clipboard keeps only the
 * latest content: a change that comes while the one before is being handled is seen, one
 * replaced before we read it is not.
 */
final class ClipboardServer implements IpcServer {

	/** Attribute key, the header {@code ipc_clipboardSequence}. */
	static final String SEQUENCE = "clipboardSequence";

	private final EndpointSpec spec;

	private final ClipboardFormat format;

	private volatile @Nullable ClipboardWindow window;

	private volatile @Nullable InboundListener listener;

	private int formatId;

	private int lastSequence;

	private final int ownPid = (int) ProcessHandle.current().pid();

	ClipboardServer(EndpointSpec spec, ClipboardFormat format) {
		this.spec = spec;
		this.format = format;
	}

	@Override
	public synchronized void start(InboundListener listener) throws IOException {
		if (this.window != null) {
			throw new IpcException(ErrorReason.IO, "The clipboard server of " + this.spec + " is started");
		}
		this.listener = listener;
		this.formatId = this.format.id();
		this.lastSequence = User32Clipboard.get().GetClipboardSequenceNumber();
		this.window = new ClipboardWindow(this.spec.name(), "clipboard", this::changed);
	}

	/** On the window's thread, at each change of the clipboard. */
	private void changed() {
		InboundListener target = this.listener;
		ClipboardWindow owner = this.window;
		if (target == null || owner == null) {
			return;
		}
		User32Clipboard clipboard = User32Clipboard.get();
		int seen = clipboard.GetClipboardSequenceNumber();
		if (seen == this.lastSequence || !clipboard.IsClipboardFormatAvailable(this.formatId)) {
			return; // seen already, or not ours: another program's copy
		}
		Change change;
		try {
			change = read(owner, this.spec.sendTimeout());
		}
		catch (IpcException ex) {
			// the clipboard stayed open by another program: reported once, not at every
			// later notice of this change
			this.lastSequence = seen;
			int writer = ClipboardWindow.ownerPid();
			target.onError(ex.reason(), ex, new Peer("clipboard#" + writer, (writer != 0) ? writer : null, null));
			return;
		}
		if (change == null) {
			return; // taken at an earlier notice, written by us, or no longer in our
					// format
		}
		IpcException failure = change.failure();
		byte[] payload = change.payload();
		if (failure != null || payload == null) {
			if (failure != null) {
				target.onError(failure.reason(), failure, change.peer());
			}
			return;
		}
		try {
			target.onMessage(payload, change.peer(), InboundListener.Reply.NONE,
					Map.of(SEQUENCE, Integer.toUnsignedLong(change.sequence())));
		}
		catch (Exception ex) {
			target.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex,
					change.peer());
		}
	}

	/**
	 * The change in the clipboard, taken while it is open (it is closed before the
	 * message is handled, so other programs are never kept waiting on our flow): its
	 * sequence number, writer and content are then one state that nobody can change
	 * meanwhile. Taken before opening, the sequence number could be that of a change
	 * still being written, and a content read at the notice of an earlier change was read
	 * again at its own (found by {@code ClipboardStormWindowsTests} under Wine 8).
	 * {@code null} when it was taken already, is our own process's, or holds nothing in
	 * our format.
	 */
	private @Nullable Change read(ClipboardWindow owner, Duration timeout) throws IpcException {
		User32Clipboard clipboard = User32Clipboard.get();
		Kernel32Global memory = Kernel32Global.get();
		owner.open(timeout);
		try {
			int sequence = clipboard.GetClipboardSequenceNumber();
			if (sequence == this.lastSequence) {
				return null;
			}
			this.lastSequence = sequence; // taken or reported once, whatever follows
			int writer = ClipboardWindow.ownerPid();
			if (writer == this.ownPid) {
				return null;
			}
			Peer peer = new Peer("clipboard#" + writer, (writer != 0) ? writer : null, null);
			HANDLE handle = clipboard.GetClipboardData(this.formatId);
			if (handle == null) {
				return null;
			}
			long size = memory.GlobalSize(handle).longValue();
			Pointer block = memory.GlobalLock(handle);
			if (block == null) {
				return new Change(sequence, peer, null, new IpcException(ErrorReason.IO,
						"Cannot lock the clipboard's memory: error " + Native.getLastError()));
			}
			try {
				return new Change(sequence, peer, this.format.decode(block, size, this.spec.maxMessageSize()), null);
			}
			catch (IpcException ex) {
				return new Change(sequence, peer, null, ex);
			}
			finally {
				memory.GlobalUnlock(handle);
			}
		}
		finally {
			clipboard.CloseClipboard();
		}
	}

	/** One change taken: its message, or why it could not be. */
	private record Change(int sequence, Peer peer, byte @Nullable [] payload, @Nullable IpcException failure) {

	}

	@Override
	public String address() {
		return "clipboard:" + this.format.name();
	}

	@Override
	public synchronized void close() {
		if (this.window != null) {
			this.window.close();
			this.window = null;
		}
		this.listener = null;
	}

}
