package io.ipcstarter.transport.clipboard;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.User32;
import com.sun.jna.platform.win32.WinDef.HMODULE;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.User32Clipboard;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;

/**
 * A message-only window of our own on a thread of its own that pumps its messages: the
 * clipboard's owner when we write (Windows refuses a NULL owner for
 * {@code EmptyClipboard}; Wine accepts it) and the listener of clipboard changes when we
 * read. Every clipboard call runs on this thread ({@link #call}), because the clipboard
 * is opened per thread and because another program emptying the clipboard sends our
 * window {@code WM_DESTROYCLIPBOARD}: a window whose thread does not pump would hang that
 * program.
 */
final class ClipboardWindow implements AutoCloseable {

	/** Posted to the window to run the queued calls on its thread. */
	private static final int WM_RUN = WinUser.WM_USER + 1;

	private static final AtomicInteger CLASSES = new AtomicInteger();

	private static final long OPEN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private final String endpoint;

	private final String className;

	private final @Nullable Runnable onUpdate;

	private final ConcurrentLinkedQueue<FutureTask<?>> calls = new ConcurrentLinkedQueue<>();

	private final CompletableFuture<HWND> ready = new CompletableFuture<>();

	// a field: the native side keeps only a pointer, so the callback must stay reachable
	private final WinUser.WindowProc procedure = this::procedure;

	private final Thread thread;

	private volatile @Nullable HWND window;

	/**
	 * Create the window and wait until it exists.
	 * @param onUpdate called on the window's thread at each clipboard change, or
	 * {@code null} not to listen
	 */
	ClipboardWindow(String endpoint, String purpose, @Nullable Runnable onUpdate) throws IpcException {
		this.endpoint = endpoint;
		this.className = "IpcStarterClipboard-" + ProcessHandle.current().pid() + "-" + CLASSES.incrementAndGet();
		this.onUpdate = onUpdate;
		this.thread = new IpcThreads(endpoint, purpose, onUpdate != null).newThread(this::run);
		this.thread.start();
		try {
			this.window = this.ready.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IpcException ipc) ? ipc
					: new IpcException(ErrorReason.IO, "Cannot create the clipboard window", ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT,
					"The clipboard window of endpoint '" + endpoint + "' did not come up within 30 s");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while creating the clipboard window", ex);
		}
	}

	HWND handle() {
		HWND hwnd = this.window;
		if (hwnd == null) {
			throw new IllegalStateException("closed");
		}
		return hwnd;
	}

	private void run() {
		User32 user32 = User32.INSTANCE;
		User32Clipboard clipboard = User32Clipboard.get();
		HMODULE module = Kernel32.INSTANCE.GetModuleHandle(null);
		WinUser.WNDCLASSEX type = new WinUser.WNDCLASSEX();
		type.hInstance = module;
		type.lpfnWndProc = this.procedure;
		type.lpszClassName = this.className;
		if (user32.RegisterClassEx(type).intValue() == 0) {
			this.ready.completeExceptionally(new IpcException(ErrorReason.IO,
					"Cannot register window class " + this.className + ": error " + Native.getLastError()));
			return;
		}
		try {
			HWND hwnd = user32.CreateWindowEx(0, this.className, this.className, 0, 0, 0, 0, 0,
					User32Clipboard.HWND_MESSAGE, null, module, null);
			if (hwnd == null) {
				this.ready.completeExceptionally(new IpcException(ErrorReason.IO,
						"Cannot create the clipboard window: error " + Native.getLastError()));
				return;
			}
			if (this.onUpdate != null && !clipboard.AddClipboardFormatListener(hwnd)) {
				int error = Native.getLastError();
				user32.DestroyWindow(hwnd);
				this.ready.completeExceptionally(
						new IpcException(ErrorReason.IO, "Cannot listen to the clipboard: error " + error));
				return;
			}
			this.ready.complete(hwnd);
			WinUser.MSG message = new WinUser.MSG();
			while (user32.GetMessage(message, null, 0, 0) > 0) {
				user32.TranslateMessage(message);
				user32.DispatchMessage(message);
			}
		}
		finally {
			user32.UnregisterClass(this.className, module);
			this.window = null;
			runCalls(); // a call queued while closing fails rather than waits
		}
	}

	private LRESULT procedure(HWND hwnd, int message, WPARAM wParam, LPARAM lParam) {
		switch (message) {
			case WM_RUN -> runCalls();
			case User32Clipboard.WM_CLIPBOARDUPDATE -> {
				if (this.onUpdate != null) {
					this.onUpdate.run();
				}
			}
			case WinUser.WM_CLOSE -> {
				if (this.onUpdate != null) {
					User32Clipboard.get().RemoveClipboardFormatListener(hwnd);
				}
				User32.INSTANCE.DestroyWindow(hwnd);
			}
			case WinUser.WM_DESTROY -> User32.INSTANCE.PostQuitMessage(0);
			default -> {
				return User32.INSTANCE.DefWindowProc(hwnd, message, wParam, lParam);
			}
		}
		return new LRESULT(0);
	}

	private void runCalls() {
		FutureTask<?> call;
		while ((call = this.calls.poll()) != null) {
			if (this.window == null) {
				call.cancel(false);
			}
			else {
				call.run();
			}
		}
	}

	/**
	 * Run {@code work} on the window's thread and wait for it, at most {@code timeout}
	 * (the work bounds itself; this bound only guards against a thread that no longer
	 * pumps).
	 */
	<T> T call(Callable<T> work, java.time.Duration timeout) throws IpcException {
		HWND hwnd = this.window;
		if (hwnd == null) {
			throw new IpcException(ErrorReason.IO,
					"The clipboard window of endpoint '" + this.endpoint + "' is closed");
		}
		if (Thread.currentThread() == this.thread) {
			try {
				return work.call();
			}
			catch (IpcException ex) {
				throw ex;
			}
			catch (Exception ex) {
				throw new IpcException(ErrorReason.IO, ex.getMessage(), ex);
			}
		}
		FutureTask<T> task = new FutureTask<>(work);
		this.calls.add(task);
		if (!User32Clipboard.get().PostMessage(hwnd, WM_RUN, null, null)) {
			this.calls.remove(task);
			throw new IpcException(ErrorReason.IO, "Cannot reach the clipboard window: error " + Native.getLastError());
		}
		try {
			return task.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof IpcException ipc) ? ipc
					: new IpcException(ErrorReason.IO, String.valueOf(ex.getCause()), ex.getCause());
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT, "The clipboard window of endpoint '" + this.endpoint
					+ "' did not answer within " + Durations.simple(timeout));
		}
		catch (java.util.concurrent.CancellationException ex) {
			throw new IpcException(ErrorReason.IO, "The clipboard window of endpoint '" + this.endpoint + "' closed");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while using the clipboard", ex);
		}
	}

	/**
	 * Open the clipboard with this window as its owner, on the window's thread, trying
	 * again while another program has it open, until {@code timeout}.
	 */
	void open(java.time.Duration timeout) throws IpcException {
		User32Clipboard clipboard = User32Clipboard.get();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!clipboard.OpenClipboard(handle())) {
			if (System.nanoTime() - deadline >= 0) {
				throw new IpcException(ErrorReason.TIMEOUT, "The clipboard stayed open by another program for "
						+ Durations.simple(timeout) + " (send-timeout); error " + Native.getLastError());
			}
			LockSupport.parkNanos(OPEN_RETRY_NANOS);
		}
	}

	/** The id of the process whose window owns the clipboard now; 0 when none does. */
	static int ownerPid() {
		User32Clipboard clipboard = User32Clipboard.get();
		HWND owner = clipboard.GetClipboardOwner();
		if (owner == null) {
			return 0;
		}
		IntByReference pid = new IntByReference();
		clipboard.GetWindowThreadProcessId(owner, pid);
		return pid.getValue();
	}

	@Override
	public void close() {
		HWND hwnd = this.window;
		if (hwnd == null) {
			return;
		}
		User32Clipboard.get().PostMessage(hwnd, WinUser.WM_CLOSE, null, null);
		if (Thread.currentThread() != this.thread) {
			try {
				this.thread.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.window = null;
	}

}
