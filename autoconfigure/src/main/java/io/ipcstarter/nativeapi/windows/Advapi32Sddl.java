package io.ipcstarter.nativeapi.windows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.Kernel32;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import com.sun.jna.win32.W32APIOptions;
import org.jspecify.annotations.Nullable;

/**
 * Security descriptors from SDDL strings, for objects (pipes, mappings) that only the
 * current user may open.
 */
public interface Advapi32Sddl extends StdCallLibrary {

	int SDDL_REVISION_1 = 1;

	boolean ConvertStringSecurityDescriptorToSecurityDescriptor(String sddl, int revision,
			PointerByReference descriptor, @Nullable Pointer size);

	/**
	 * Security attributes whose DACL grants full access to the current user only (plus,
	 * when {@code authenticated} is set, read/write to every authenticated user). The
	 * descriptor is allocated once per call with {@code LocalAlloc} and lives as long as
	 * the returned object is used; callers keep it for the object's life.
	 */
	static WinBase.SECURITY_ATTRIBUTES currentUserOnly(boolean authenticated) {
		String sid;
		WinNT.HANDLEByReference token = new WinNT.HANDLEByReference();
		if (!com.sun.jna.platform.win32.Advapi32.INSTANCE.OpenProcessToken(Kernel32.INSTANCE.GetCurrentProcess(),
				WinNT.TOKEN_QUERY, token)) {
			throw new IllegalStateException("OpenProcessToken failed: error " + Native.getLastError());
		}
		try {
			sid = Advapi32Util.getTokenAccount(token.getValue()).sidString;
		}
		finally {
			Kernel32.INSTANCE.CloseHandle(token.getValue());
		}
		// D:P = protected DACL (no inheritance); GA = generic all; GRGW = generic
		// read/write; AU = authenticated users
		String sddl = "D:P(A;;GA;;;" + sid + ")" + (authenticated ? "(A;;GRGW;;;AU)" : "");
		PointerByReference descriptor = new PointerByReference();
		Advapi32Sddl api = Native.load("advapi32", Advapi32Sddl.class, W32APIOptions.DEFAULT_OPTIONS);
		if (!api.ConvertStringSecurityDescriptorToSecurityDescriptor(sddl, SDDL_REVISION_1, descriptor, null)) {
			throw new IllegalStateException(
					"Cannot build the security descriptor " + sddl + ": error " + Native.getLastError());
		}
		WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
		attributes.dwLength = new com.sun.jna.platform.win32.WinDef.DWORD(attributes.size());
		attributes.lpSecurityDescriptor = descriptor.getValue();
		attributes.bInheritHandle = false;
		return attributes;
	}

}
