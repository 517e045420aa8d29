package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * The kernel32 global-memory functions that the clipboard's data lives in, which
 * jna-platform 5.19.1 does not declare. Use {@link #get()}.
 */
public interface Kernel32Global extends StdCallLibrary {

	/** Movable memory: what {@code SetClipboardData} requires. */
	int GMEM_MOVEABLE = 0x0002;

	@Nullable HANDLE GlobalAlloc(int flags, SIZE_T bytes);

	@Nullable Pointer GlobalLock(HANDLE memory);

	boolean GlobalUnlock(HANDLE memory);

	/** The block's size: at least what was asked for, possibly more. */
	SIZE_T GlobalSize(HANDLE memory);

	/** Null on success. */
	@Nullable HANDLE GlobalFree(HANDLE memory);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static Kernel32Global get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable Kernel32Global instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized Kernel32Global load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = Native.load("kernel32", Kernel32Global.class, W32APIOptions.DEFAULT_OPTIONS);
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("kernel32 global memory is not available here: " + failure,
						failure);
			}
			return instance;
		}

	}

}
