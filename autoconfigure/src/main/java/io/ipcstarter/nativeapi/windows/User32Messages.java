package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTRByReference;
import com.sun.jna.platform.win32.WinDef.ATOM;
import com.sun.jna.platform.win32.WinDef.HINSTANCE;
import com.sun.jna.platform.win32.WinDef.HMENU;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.platform.win32.WinDef.LPARAM;
import com.sun.jna.platform.win32.WinDef.LPVOID;
import com.sun.jna.platform.win32.WinDef.LRESULT;
import com.sun.jna.platform.win32.WinDef.WPARAM;
import com.sun.jna.platform.win32.WinUser.MSG;
import com.sun.jna.platform.win32.WinUser.WNDCLASSEX;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * The user32 functions behind window messages (WM_COPYDATA and registered messages to a
 * message-only window), declared here because jna-platform 5.19.1 gets three of them
 * wrong for this use: its {@code HWND_MESSAGE} is zero-extended (Wine refuses it with
 * error 1400), its {@code PostMessage} returns nothing (a failed post must be seen), and
 * its {@code SendMessageTimeout} writes a pointer-sized result into a 4-byte
 * {@code DWORDByReference}. It lacks {@code ChangeWindowMessageFilterEx}. Use
 * {@link #get()}.
 */
public interface User32Messages extends StdCallLibrary {

	/** The parent of message-only windows: {@code (HWND) -3}, sign-extended. */
	HWND HWND_MESSAGE = new HWND(new Pointer(-3L));

	int WM_CLOSE = 0x0010;

	int WM_COPYDATA = 0x004A;

	int WM_USER = 0x0400;

	/** Fail at once when the receiving thread is hung (has not pumped for 5 s). */
	int SMTO_ABORTIFHUNG = 0x0002;

	/** {@code ChangeWindowMessageFilterEx}'s action: let the message through. */
	int MSGFLT_ALLOW = 1;

	int ERROR_INVALID_WINDOW_HANDLE = 1400;

	int ERROR_CLASS_ALREADY_EXISTS = 1410;

	int ERROR_MESSAGE_SYNC_ONLY = 1159;

	int ERROR_TIMEOUT = 1460;

	/** A message queue is full (10,000 messages by default). */
	int ERROR_NOT_ENOUGH_QUOTA = 1816;

	@Nullable ATOM RegisterClassEx(WNDCLASSEX windowClass);

	boolean UnregisterClass(String className, @Nullable HINSTANCE instance);

	@Nullable HWND CreateWindowEx(int exStyle, String className, String windowName, int style, int x, int y, int width,
			int height, @Nullable HWND parent, @Nullable HMENU menu, @Nullable HINSTANCE instance,
			@Nullable LPVOID param);

	boolean DestroyWindow(HWND window);

	LRESULT DefWindowProc(HWND window, int message, WPARAM wParam, LPARAM lParam);

	/** 0 on {@code WM_QUIT}, -1 on failure. */
	int GetMessage(MSG message, @Nullable HWND window, int filterMin, int filterMax);

	boolean TranslateMessage(MSG message);

	LRESULT DispatchMessage(MSG message);

	void PostQuitMessage(int exitCode);

	/** {@code PostMessageW}, with its result (jna-platform's returns void). */
	boolean PostMessage(HWND window, int message, WPARAM wParam, LPARAM lParam);

	/**
	 * {@code SendMessageTimeoutW}: non-zero when the window procedure returned within the
	 * timeout, its answer in {@code result}.
	 */
	LRESULT SendMessageTimeout(HWND window, int message, WPARAM wParam, LPARAM lParam, int flags, int timeoutMillis,
			ULONG_PTRByReference result);

	@Nullable HWND FindWindowEx(@Nullable HWND parent, @Nullable HWND childAfter, @Nullable String className,
			@Nullable String windowName);

	int RegisterWindowMessage(String name);

	int GetWindowThreadProcessId(HWND window, @Nullable IntByReference processId);

	boolean IsWindow(@Nullable HWND window);

	/**
	 * Lets a message through User Interface Privilege Isolation to this window from
	 * processes of lower integrity (Windows 7 and later; Wine accepts the call and
	 * enforces nothing).
	 */
	boolean ChangeWindowMessageFilterEx(HWND window, int message, int action, @Nullable Pointer changeFilterStruct);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static User32Messages get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable User32Messages instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized User32Messages load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = Native.load("user32", User32Messages.class, W32APIOptions.DEFAULT_OPTIONS);
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("user32 window messages are not available here: " + failure,
						failure);
			}
			return instance;
		}

	}

}
