package io.ipcstarter.transport.clipboard;

import java.io.IOException;
import java.time.Duration;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.Kernel32Global;
import io.ipcstarter.nativeapi.windows.User32Clipboard;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code clipboard}: each message replaces the clipboard's content
 * with one block in the endpoint's format, owned by a window of our own (created on first
 * send). The clipboard is one slot: a message overwrites the one before, whether anyone
 * read it or not. Under Wine the content goes when the writing process exits.
 */
final class ClipboardClient implements IpcClient {

	private final EndpointSpec spec;

	private final ClipboardFormat format;

	private @Nullable ClipboardWindow window;

	// set once under the lock, read on the window's thread
	private volatile int formatId;

	private boolean closed;

	ClipboardClient(EndpointSpec spec, ClipboardFormat format) {
		this.spec = spec;
		this.format = format;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (payload.length > this.spec.maxMessageSize()) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + payload.length + " bytes is larger than max-message-size ("
							+ this.spec.maxMessageSize() + " bytes) and is not put on the clipboard by endpoint '"
							+ this.spec.name() + "'");
		}
		byte[] block = this.format.encode(payload);
		ClipboardWindow owner = window();
		Duration timeout = this.spec.sendTimeout();
		owner.call(() -> {
			put(owner, block, timeout);
			return null;
		}, timeout.plusSeconds(5));
	}

	/** On the window's thread. */
	private void put(ClipboardWindow owner, byte[] block, Duration timeout) throws IpcException {
		Kernel32Global memory = Kernel32Global.get();
		User32Clipboard clipboard = User32Clipboard.get();
		HANDLE handle = memory.GlobalAlloc(Kernel32Global.GMEM_MOVEABLE, new SIZE_T(block.length));
		if (handle == null) {
			throw new IpcException(ErrorReason.IO,
					"Cannot allocate " + block.length + " bytes for the clipboard: error " + Native.getLastError());
		}
		boolean handedOver = false;
		try {
			Pointer target = memory.GlobalLock(handle);
			if (target == null) {
				throw new IpcException(ErrorReason.IO, "Cannot lock clipboard memory: error " + Native.getLastError());
			}
			target.write(0, block, 0, block.length);
			memory.GlobalUnlock(handle);
			owner.open(timeout);
			try {
				if (!clipboard.EmptyClipboard()) {
					throw new IpcException(ErrorReason.IO,
							"Cannot empty the clipboard: error " + Native.getLastError());
				}
				if (clipboard.SetClipboardData(this.formatId, handle) == null) {
					throw new IpcException(ErrorReason.IO, "Cannot put format '" + this.format.name()
							+ "' on the clipboard: error " + Native.getLastError());
				}
				// the system owns the memory now: freeing it would free the clipboard's
				// content
				handedOver = true;
			}
			finally {
				clipboard.CloseClipboard();
			}
		}
		finally {
			if (!handedOver) {
				memory.GlobalFree(handle);
			}
		}
	}

	private synchronized ClipboardWindow window() throws IpcException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO,
					"The clipboard client of endpoint '" + this.spec.name() + "' is closed");
		}
		if (this.window == null) {
			this.formatId = this.format.id();
			this.window = new ClipboardWindow(this.spec.name(), "clipboard-owner", null);
		}
		return this.window;
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		throw new IpcException(ErrorReason.UNSUPPORTED,
				"The clipboard has no way back: endpoint '" + this.spec.name() + "' cannot make requests");
	}

	@Override
	public String address() {
		return "clipboard:" + this.format.name();
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		if (this.window != null) {
			this.window.close();
			this.window = null;
		}
	}

}
