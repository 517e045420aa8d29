package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Platform;
import com.sun.jna.platform.win32.Advapi32;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.W32Errors;
import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.WinReg.HKEY;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

/**
 * The advapi32 registry calls behind the {@code registry} transport: open or create a
 * key, write and read one value as raw bytes, and ask for a change notification
 * ({@code RegNotifyChangeKeyValue}) signalled on an event. jna-platform declares the
 * functions; this class adds the few things every caller needs (size-checked reads,
 * errors as {@link Win32Exception}, a clear failure off Windows).
 */
public final class RegistryKeys {

	public static final int REG_NONE = 0;

	public static final int REG_SZ = 1;

	public static final int REG_EXPAND_SZ = 2;

	public static final int REG_BINARY = 3;

	public static final int REG_DWORD = 4;

	public static final int REG_MULTI_SZ = 7;

	public static final int REG_QWORD = 11;

	public static final int KEY_QUERY_VALUE = 0x0001;

	public static final int KEY_SET_VALUE = 0x0002;

	public static final int KEY_NOTIFY = 0x0010;

	/**
	 * Open the 64-bit view of a redirected key (HKLM\Software) whatever the bitness of
	 * the process.
	 */
	public static final int KEY_WOW64_64KEY = 0x0100;

	/** A value was added, changed or removed in the key. */
	public static final int REG_NOTIFY_CHANGE_LAST_SET = 0x00000004;

	/**
	 * The registration outlives the thread that made it (Windows 8 and later); without it
	 * Windows ends the registration when that thread exits.
	 */
	public static final int REG_NOTIFY_THREAD_AGNOSTIC = 0x10000000;

	public static final int ERROR_FILE_NOT_FOUND = 2;

	public static final int ERROR_INVALID_PARAMETER = 87;

	public static final int ERROR_MORE_DATA = 234;

	public static final int ERROR_KEY_DELETED = 1018;

	private RegistryKeys() {
	}

	/** A value as stored: its type and its bytes ({@code null} when it was too large). */
	public record Value(int type, int size, byte @Nullable [] data) {

	}

	/**
	 * Open a key under a root ({@link WinReg#HKEY_CURRENT_USER},
	 * {@link WinReg#HKEY_LOCAL_MACHINE}), creating it (and the keys above it) when
	 * {@code create}.
	 * @throws Win32Exception when it cannot be opened (or does not exist and is not to be
	 * created)
	 */
	public static HKEY open(HKEY root, String path, int access, boolean create) {
		Advapi32 advapi = advapi32();
		WinReg.HKEYByReference key = new WinReg.HKEYByReference();
		int rc = create
				? advapi.RegCreateKeyEx(root, path, 0, null, WinNT.REG_OPTION_NON_VOLATILE, access, null, key, null)
				: advapi.RegOpenKeyEx(root, path, 0, access, key);
		check(rc);
		return key.getValue();
	}

	public static void close(HKEY key) {
		advapi32().RegCloseKey(key);
	}

	/** Write a value: {@code RegSetValueEx} with these bytes as they are. */
	public static void set(HKEY key, String name, int type, byte[] data) {
		check(advapi32().RegSetValueEx(key, name, 0, type, data, data.length));
	}

	/**
	 * Read a value; {@code null} when the key has no value of that name. A value larger
	 * than {@code limit} bytes is not read: its {@link Value#data()} is {@code null}.
	 */
	public static @Nullable Value read(HKEY key, String name, int limit) {
		Advapi32 advapi = advapi32();
		IntByReference type = new IntByReference();
		IntByReference size = new IntByReference();
		while (true) {
			int rc = advapi.RegQueryValueEx(key, name, 0, type, (byte[]) null, size);
			if (rc == ERROR_FILE_NOT_FOUND) {
				return null;
			}
			check(rc);
			if (size.getValue() > limit) {
				return new Value(type.getValue(), size.getValue(), null);
			}
			byte[] data = new byte[size.getValue()];
			IntByReference read = new IntByReference(data.length);
			rc = advapi.RegQueryValueEx(key, name, 0, type, data, read);
			if (rc == ERROR_MORE_DATA) {
				continue; // the value grew between the two calls: ask its size again
			}
			if (rc == ERROR_FILE_NOT_FOUND) {
				return null;
			}
			check(rc);
			if (read.getValue() < data.length) {
				data = java.util.Arrays.copyOf(data, read.getValue());
			}
			return new Value(type.getValue(), data.length, data);
		}
	}

	/**
	 * Ask for the event to be signalled at the next change of any value of the key
	 * (asynchronous, one notification per call).
	 */
	public static void notifyOnChange(HKEY key, HANDLE event, int filter) {
		check(advapi32().RegNotifyChangeKeyValue(key, false, filter, event, true));
	}

	/** An auto-reset event, not signalled. */
	public static HANDLE createEvent() {
		HANDLE event = Kernel32.INSTANCE.CreateEvent(null, false, false, null);
		if (event == null) {
			throw new Win32Exception(Kernel32.INSTANCE.GetLastError());
		}
		return event;
	}

	/** Wait for the event at most this long; whether it was signalled. */
	public static boolean await(HANDLE event, int millis) {
		int rc = Kernel32.INSTANCE.WaitForSingleObject(event, millis);
		if (rc == WinBase.WAIT_FAILED) {
			throw new Win32Exception(Kernel32.INSTANCE.GetLastError());
		}
		return rc == WinBase.WAIT_OBJECT_0;
	}

	public static void closeHandle(HANDLE handle) {
		Kernel32.INSTANCE.CloseHandle(handle);
	}

	private static void check(int rc) {
		if (rc != W32Errors.ERROR_SUCCESS) {
			throw new Win32Exception(rc);
		}
	}

	private static Advapi32 advapi32() {
		if (!Platform.isWindows()) {
			throw new UnsupportedOperationException("the Windows registry exists only on Windows");
		}
		return Advapi32.INSTANCE;
	}

}
