package io.ipcstarter.transport.window;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinDef.HINSTANCE;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser.MSG;
import com.sun.jna.platform.win32.WinUser.WNDCLASSEX;
import com.sun.jna.platform.win32.WinUser.WindowProc;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.User32Messages;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;

/**
 * A message-only window (child of {@code HWND_MESSAGE}: invisible, never enumerated, not
 * reached by broadcasts) and the one thread that owns it: the thread registers the window
 * class, creates the window and pumps its messages ({@code GetMessage}) until
 * {@link #close()}. Windows calls the window procedure on that thread for every message
 * sent to the window, so whatever the {@link Handler} does runs there, one message at a
 * time.
 */
final class MessageOnlyWindow implements AutoCloseable {

	/** What the window does with a message. */
	@FunctionalInterface
	interface Handler {

		/**
		 * Handle one message; {@code null} leaves it to {@code DefWindowProc}. Must not
		 * throw: an exception cannot cross the native frame.
		 */
		@Nullable LRESULT handle(HWND window, int message, WPARAM wParam, LPARAM lParam);

	}

	private static final LRESULT ZERO = new LRESULT(0);

	private final String className;

	private final Handler handler;

	private final CountDownLatch started = new CountDownLatch(1);

	// held here so that the callback is not collected while Windows may call it
	private final WindowProc procedure = this::procedure;

	private volatile @Nullable HWND window;

	private volatile @Nullable String failure;

	private volatile boolean closing;

	private @Nullable Thread pump;

	private MessageOnlyWindow(String className, Handler handler) {
		this.className = className;
		this.handler = handler;
	}

	/**
	 * Create the window on a new thread ({@code ipc-<endpoint>-<purpose>-N}) and return
	 * once it exists.
	 * @param className the window class, and the window's name
	 * @param daemon whether the thread lets the JVM exit (false for a listener)
	 * @throws IpcException when the class or the window cannot be created
	 */
	static MessageOnlyWindow open(String className, String endpoint, String purpose, boolean daemon, Handler handler)
			throws IpcException {
		MessageOnlyWindow window = new MessageOnlyWindow(className, handler);
		Thread thread = new IpcThreads(endpoint, purpose, daemon).newThread(window::run);
		window.pump = thread;
		thread.start();
		try {
			if (!window.started.await(IpcTransport.DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				throw new IpcException(ErrorReason.IO, "The window '" + className + "' of endpoint '" + endpoint
						+ "' was not created within " + IpcTransport.DRAIN_TIMEOUT.toSeconds() + " s");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while creating window '" + className + "'", ex);
		}
		String failed = window.failure;
		if (failed != null) {
			throw new IpcException(ErrorReason.IO,
					"Cannot create window '" + className + "' of endpoint '" + endpoint + "': " + failed);
		}
		return window;
	}

	/** The window's handle. */
	HWND handle() {
		HWND hwnd = this.window;
		if (hwnd == null) {
			throw new IllegalStateException("window '" + this.className + "' is closed");
		}
		return hwnd;
	}

	private void run() {
		try {
			pump();
		}
		catch (Throwable ex) { // not Windows, or user32 refused: told to the opener
			this.failure = String.valueOf(ex);
		}
		finally {
			this.started.countDown();
		}
	}

	private void pump() {
		User32Messages user32 = User32Messages.get();
		HINSTANCE instance = Kernel32.INSTANCE.GetModuleHandle(null);
		WNDCLASSEX windowClass = new WNDCLASSEX();
		windowClass.lpszClassName = this.className;
		windowClass.lpfnWndProc = this.procedure;
		windowClass.hInstance = instance;
		if (user32.RegisterClassEx(windowClass) == null) {
			int error = Native.getLastError();
			this.failure = "RegisterClassEx failed with error " + error
					+ ((error == User32Messages.ERROR_CLASS_ALREADY_EXISTS)
							? " (this process has a window of that class already: address already in use)" : "");
			this.started.countDown();
			return;
		}
		try {
			HWND hwnd = user32.CreateWindowEx(0, this.className, this.className, 0, 0, 0, 0, 0,
					User32Messages.HWND_MESSAGE, null, instance, null);
			if (hwnd == null) {
				this.failure = "CreateWindowEx failed with error " + Native.getLastError();
				this.started.countDown();
				return;
			}
			this.window = hwnd;
			this.started.countDown();
			MSG message = new MSG();
			while (user32.GetMessage(message, null, 0, 0) > 0) {
				user32.TranslateMessage(message);
				user32.DispatchMessage(message);
			}
		}
		finally {
			this.window = null;
			user32.UnregisterClass(this.className, instance);
		}
	}

	private LRESULT procedure(HWND hwnd, int message, WPARAM wParam, LPARAM lParam) {
		User32Messages user32 = User32Messages.get();
		if (message == User32Messages.WM_CLOSE) {
			// only our own close ends the window: any process on the desktop can post
			// WM_CLOSE to it
			if (this.closing) {
				user32.DestroyWindow(hwnd);
				user32.PostQuitMessage(0);
			}
			return ZERO;
		}
		LRESULT result = this.handler.handle(hwnd, message, wParam, lParam);
		return (result != null) ? result : user32.DefWindowProc(hwnd, message, wParam, lParam);
	}

	/**
	 * Destroy the window and end its thread, after the message in hand (within
	 * {@link IpcTransport#DRAIN_TIMEOUT}). Senders waiting on it fail.
	 */
	@Override
	public void close() {
		this.closing = true;
		HWND hwnd = this.window;
		if (hwnd != null) {
			User32Messages.get().PostMessage(hwnd, User32Messages.WM_CLOSE, new WPARAM(0), new LPARAM(0));
		}
		Thread thread = this.pump;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(IpcTransport.DRAIN_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
