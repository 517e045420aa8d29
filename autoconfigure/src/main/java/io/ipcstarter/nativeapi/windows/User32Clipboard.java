package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * The user32 clipboard functions, which jna-platform 5.19.1 does not declare, and the few
 * window functions the clipboard transport needs with the result type it needs. Use
 * {@link #get()}.
 */
public interface User32Clipboard extends StdCallLibrary {

	/**
	 * The parent of message-only windows. Not jna-platform's
	 * {@code WinUser.HWND_MESSAGE}: that one is zero-extended
	 * ({@code 0x00000000FFFFFFFD}) and Wine refuses it.
	 */
	HWND HWND_MESSAGE = new HWND(new Pointer(-3L));

	/** Standard format: UTF-16LE text ending with a NUL character. */
	int CF_UNICODETEXT = 13;

	/** Posted to a window registered with {@code AddClipboardFormatListener}. */
	int WM_CLIPBOARDUPDATE = 0x031D;

	/** {@code OpenClipboard} failed because another window has the clipboard open. */
	int ERROR_ACCESS_DENIED = 5;

	boolean OpenClipboard(@Nullable HWND owner);

	boolean CloseClipboard();

	boolean EmptyClipboard();

	/**
	 * Hands {@code memory} (from {@code GlobalAlloc(GMEM_MOVEABLE)}) to the system: after
	 * a success the caller must neither free nor touch it.
	 */
	@Nullable HANDLE SetClipboardData(int format, HANDLE memory);

	/** The clipboard's memory for a format: owned by the clipboard, read it only. */
	@Nullable HANDLE GetClipboardData(int format);

	boolean IsClipboardFormatAvailable(int format);

	/**
	 * {@code RegisterClipboardFormatW}: the same id for the same name in every process.
	 */
	int RegisterClipboardFormat(String name);

	/** Changes each time the clipboard's content changes. */
	int GetClipboardSequenceNumber();

	boolean AddClipboardFormatListener(HWND window);

	boolean RemoveClipboardFormatListener(HWND window);

	/** The window that last emptied the clipboard, or null. */
	@Nullable HWND GetClipboardOwner();

	int GetWindowThreadProcessId(HWND window, @Nullable IntByReference processId);

	/**
	 * {@code PostMessageW} returning its result (jna-platform's returns void).
	 */
	boolean PostMessage(HWND window, int message, @Nullable WPARAM wParam, @Nullable LPARAM lParam);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static User32Clipboard get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable User32Clipboard instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized User32Clipboard load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = Native.load("user32", User32Clipboard.class, W32APIOptions.DEFAULT_OPTIONS);
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("user32 clipboard functions are not available here: " + failure,
						failure);
			}
			return instance;
		}

	}

}
