package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import org.jspecify.annotations.Nullable;

/**
 * The Win32 functions behind named shared memory ({@code Local\NAME} file-mapping
 * objects): creating, opening, mapping and unmapping them, and building the owner-only
 * security descriptor they are created with. Use {@link #get()}, which reports why the
 * functions are unavailable instead of throwing from a static initialiser.
 */
public interface Kernel32FileMapping extends StdCallLibrary {

	int PAGE_READWRITE = 0x04;

	int FILE_MAP_WRITE = 0x0002;

	int FILE_MAP_READ = 0x0004;

	int ERROR_FILE_NOT_FOUND = 2;

	int ERROR_ALREADY_EXISTS = 183;

	int SDDL_REVISION_1 = 1;

	/**
	 * {@code HANDLE CreateFileMappingW(HANDLE, LPSECURITY_ATTRIBUTES, DWORD, DWORD, DWORD, LPCWSTR)}.
	 */
	WinNT.@Nullable HANDLE CreateFileMappingW(WinNT.HANDLE file, WinBase.SECURITY_ATTRIBUTES attributes, int protect,
			int maximumSizeHigh, int maximumSizeLow, WString name);

	/** {@code HANDLE OpenFileMappingW(DWORD, BOOL, LPCWSTR)}. */
	WinNT.@Nullable HANDLE OpenFileMappingW(int desiredAccess, boolean inheritHandle, WString name);

	/**
	 * {@code LPVOID MapViewOfFile(HANDLE, DWORD, DWORD, DWORD, SIZE_T)}: the size is
	 * pointer-wide on x64.
	 */
	@Nullable Pointer MapViewOfFile(WinNT.HANDLE mapping, int desiredAccess, int offsetHigh, int offsetLow,
			BaseTSD.SIZE_T numberOfBytesToMap);

	/** {@code BOOL UnmapViewOfFile(LPCVOID)}. */
	boolean UnmapViewOfFile(Pointer baseAddress);

	/** {@code BOOL CloseHandle(HANDLE)}. */
	boolean CloseHandle(WinNT.HANDLE handle);

	/** {@code HLOCAL LocalFree(HLOCAL)}. */
	Pointer LocalFree(Pointer memory);

	/**
	 * The loaded kernel32 functions, or an {@link UnsupportedOperationException} saying
	 * why there are none.
	 */
	static Kernel32FileMapping get() {
		return Holder.load().kernel32;
	}

	/** The advapi32 function that turns an SDDL string into a security descriptor. */
	static SecurityDescriptors securityDescriptors() {
		return Holder.load().advapi32;
	}

	/** {@code ConvertStringSecurityDescriptorToSecurityDescriptorW} from advapi32. */
	interface SecurityDescriptors extends StdCallLibrary {

		/** Free the result with {@link Kernel32FileMapping#LocalFree}. */
		boolean ConvertStringSecurityDescriptorToSecurityDescriptorW(WString sddl, int revision,
				PointerByReference securityDescriptor, @Nullable Pointer securityDescriptorSize);

	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable Holder instance;

		private static @Nullable Throwable failure;

		private final Kernel32FileMapping kernel32;

		private final SecurityDescriptors advapi32;

		private Holder(Kernel32FileMapping kernel32, SecurityDescriptors advapi32) {
			this.kernel32 = kernel32;
			this.advapi32 = advapi32;
		}

		static synchronized Holder load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = new Holder(Native.load("kernel32", Kernel32FileMapping.class),
							Native.load("advapi32", SecurityDescriptors.class));
				}
				catch (Throwable ex) { // UnsatisfiedLinkError, NoClassDefFoundError...
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("Win32 file mappings are not available here: " + failure,
						failure);
			}
			return instance;
		}

	}

}
