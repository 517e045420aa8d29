package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * The kernel32 functions behind mailslots ({@code \\.\mailslot\NAME}): jna-platform
 * 5.19.1 declares neither {@code CreateMailslot} nor {@code GetMailslotInfo}. Reads and
 * writes are synchronous; the server's reads end after the read timeout given at
 * creation. Use {@link #get()}.
 */
public interface Kernel32Mailslots extends StdCallLibrary {

	int GENERIC_WRITE = 0x40000000;

	int FILE_SHARE_READ = 0x00000001;

	int FILE_SHARE_WRITE = 0x00000002;

	int OPEN_EXISTING = 3;

	int FILE_ATTRIBUTE_NORMAL = 0x00000080;

	/** {@code GetMailslotInfo}'s next size when no message waits. */
	int MAILSLOT_NO_MESSAGE = -1;

	int ERROR_FILE_NOT_FOUND = 2;

	int ERROR_PATH_NOT_FOUND = 3;

	int ERROR_SEM_TIMEOUT = 121;

	int ERROR_INSUFFICIENT_BUFFER = 122;

	int ERROR_ALREADY_EXISTS = 183;

	/** {@code HANDLE CreateMailslotW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES)}. */
	@Nullable HANDLE CreateMailslot(String name, int maxMessageSize, int readTimeoutMillis,
			WinBase.SECURITY_ATTRIBUTES securityAttributes);

	/** {@code BOOL GetMailslotInfo(HANDLE, LPDWORD, LPDWORD, LPDWORD, LPDWORD)}. */
	boolean GetMailslotInfo(HANDLE mailslot, @Nullable IntByReference maxMessageSize, @Nullable IntByReference nextSize,
			@Nullable IntByReference messageCount, @Nullable IntByReference readTimeout);

	/** {@code HANDLE CreateFileW(...)}: how a writer opens a mailslot. */
	@Nullable HANDLE CreateFile(String name, int access, int shareMode, @Nullable Pointer securityAttributes, int creation,
			int flags, @Nullable HANDLE template);

	/** Synchronous {@code ReadFile}: one whole message, or a failure. */
	boolean ReadFile(HANDLE file, Pointer buffer, int toRead, IntByReference read, @Nullable Pointer overlapped);

	/** Synchronous {@code WriteFile}: one call is one message. */
	boolean WriteFile(HANDLE file, byte[] buffer, int toWrite, IntByReference written, @Nullable Pointer overlapped);

	boolean CloseHandle(HANDLE handle);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static Kernel32Mailslots get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable Kernel32Mailslots instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized Kernel32Mailslots load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = Native.load("kernel32", Kernel32Mailslots.class, W32APIOptions.DEFAULT_OPTIONS);
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("kernel32 mailslots are not available here: " + failure,
						failure);
			}
			return instance;
		}

	}

}
