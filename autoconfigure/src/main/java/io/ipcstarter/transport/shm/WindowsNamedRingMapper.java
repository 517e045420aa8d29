package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.function.Consumer;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Advapi32Util;
import com.sun.jna.platform.win32.BaseTSD;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT;
import com.sun.jna.ptr.PointerByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.Kernel32FileMapping;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Maps a ring from a Windows named file-mapping object ({@code Local\NAME}, backed by the
 * paging file), so a native Windows program can open it by name with
 * {@code OpenFileMappingW}. The object is created with a DACL granting access to the
 * current user only. It lives while any process holds a handle to it.
 */
final class WindowsNamedRingMapper implements RingMapper {

	private static final WinNT.HANDLE INVALID_HANDLE_VALUE = new WinNT.HANDLE(Pointer.createConstant(-1L));

	@Override
	public RingMemory openOrCreate(String location, int size, Set<PosixFilePermission> permissions,
			Consumer<ByteBuffer> initializer) throws IOException {
		Kernel32FileMapping k32 = Kernel32FileMapping.get();
		PointerByReference descriptor = ownerOnlyDescriptor();
		WinNT.HANDLE handle;
		int error;
		try {
			WinBase.SECURITY_ATTRIBUTES attributes = new WinBase.SECURITY_ATTRIBUTES();
			attributes.lpSecurityDescriptor = descriptor.getValue();
			attributes.bInheritHandle = false;
			handle = k32.CreateFileMappingW(INVALID_HANDLE_VALUE, attributes, Kernel32FileMapping.PAGE_READWRITE, 0,
					size, new WString(location));
			error = Native.getLastError();
		}
		finally {
			k32.LocalFree(descriptor.getValue());
		}
		if (handle == null) {
			throw new IpcException(ErrorReason.IO, "CreateFileMapping(" + location + ") failed: Win32 error " + error);
		}
		if (error == Kernel32FileMapping.ERROR_ALREADY_EXISTS) {
			k32.CloseHandle(handle);
			RingMemory existing = openExisting(location);
			if (existing == null) {
				throw new IpcException(ErrorReason.IO, "File mapping " + location + " vanished while opening it");
			}
			return existing;
		}
		// a fresh paging-file section is zero-filled; the initializer writes the magic
		// last
		return map(handle, size, location, initializer);
	}

	@Override
	public @Nullable RingMemory openExisting(String location) throws IOException {
		Kernel32FileMapping k32 = Kernel32FileMapping.get();
		WinNT.HANDLE handle = k32.OpenFileMappingW(
				Kernel32FileMapping.FILE_MAP_READ | Kernel32FileMapping.FILE_MAP_WRITE, false, new WString(location));
		if (handle == null) {
			int error = Native.getLastError();
			if (error == Kernel32FileMapping.ERROR_FILE_NOT_FOUND) {
				return null;
			}
			throw new IpcException(ErrorReason.IO, "OpenFileMapping(" + location + ") failed: Win32 error " + error);
		}
		// map the header first to learn the capacity, then the whole ring
		Pointer header = k32.MapViewOfFile(handle, Kernel32FileMapping.FILE_MAP_READ, 0, 0,
				new BaseTSD.SIZE_T(RingLayout.HEADER_LENGTH));
		if (header == null) {
			int error = Native.getLastError();
			k32.CloseHandle(handle);
			throw new IpcException(ErrorReason.IO, "MapViewOfFile(" + location + ") failed: Win32 error " + error);
		}
		long capacity = header.getLong(RingLayout.OFFSET_CAPACITY);
		k32.UnmapViewOfFile(header);
		if (capacity == 0) {
			// not initialised yet: the caller sees no magic and retries
			capacity = RingLayout.MIN_CAPACITY;
		}
		if (!RingLayout.isValidCapacity(capacity)) {
			k32.CloseHandle(handle);
			throw new IpcException(ErrorReason.DECODE, "Refusing the shared-memory ring " + location
					+ ": its header claims a capacity of " + capacity + " bytes");
		}
		return map(handle, RingLayout.HEADER_LENGTH + (int) capacity, location, null);
	}

	private static RingMemory map(WinNT.HANDLE handle, int size, String location,
			@Nullable Consumer<ByteBuffer> initializer) throws IpcException {
		Kernel32FileMapping k32 = Kernel32FileMapping.get();
		Pointer view = k32.MapViewOfFile(handle, Kernel32FileMapping.FILE_MAP_READ | Kernel32FileMapping.FILE_MAP_WRITE,
				0, 0, new BaseTSD.SIZE_T(size));
		if (view == null) {
			int error = Native.getLastError();
			k32.CloseHandle(handle);
			throw new IpcException(ErrorReason.IO, "MapViewOfFile(" + location + ") failed: Win32 error " + error);
		}
		ByteBuffer buffer = view.getByteBuffer(0, size);
		if (initializer != null) {
			initializer.accept(buffer);
		}
		return new RingMemory() {

			@Override
			public ByteBuffer buffer() {
				return buffer;
			}

			@Override
			public void close() {
				k32.UnmapViewOfFile(view);
				k32.CloseHandle(handle);
			}

		};
	}

	@Override
	public void delete(String location) {
		// a named mapping disappears with its last handle
	}

	@Override
	public String describe(String location) {
		return "file mapping " + location;
	}

	/**
	 * Full access for the current user's SID, nobody else (the DACL is protected from
	 * inheritance).
	 */
	private static PointerByReference ownerOnlyDescriptor() throws IpcException {
		String sid = Advapi32Util.getAccountByName(Advapi32Util.getUserName()).sidString;
		PointerByReference descriptor = new PointerByReference();
		if (!Kernel32FileMapping.securityDescriptors()
			.ConvertStringSecurityDescriptorToSecurityDescriptorW(new WString("D:P(A;;GA;;;" + sid + ")"),
					Kernel32FileMapping.SDDL_REVISION_1, descriptor, null)) {
			throw new IpcException(ErrorReason.IO, "Could not build an owner-only security descriptor for SID " + sid
					+ ": Win32 error " + Native.getLastError());
		}
		return descriptor;
	}

}
