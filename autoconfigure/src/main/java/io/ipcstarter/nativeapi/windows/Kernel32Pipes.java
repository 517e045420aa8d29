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
 * The kernel32 functions named pipes need with overlapped I/O into native memory.
 * jna-platform's {@code ReadFile} and {@code WriteFile} take a {@code byte[]}, which JNA
 * copies back before an overlapped operation completes (garbage), and it lacks
 * {@code GetOverlappedResult} and {@code CancelIoEx}. Use {@link #get()}.
 */
public interface Kernel32Pipes extends StdCallLibrary {

	int PIPE_ACCESS_DUPLEX = 0x00000003;

	int FILE_FLAG_FIRST_PIPE_INSTANCE = 0x00080000;

	int FILE_FLAG_OVERLAPPED = 0x40000000;

	int PIPE_TYPE_MESSAGE = 0x00000004;

	int PIPE_READMODE_MESSAGE = 0x00000002;

	int PIPE_WAIT = 0x00000000;

	int PIPE_REJECT_REMOTE_CLIENTS = 0x00000008;

	int GENERIC_READ = 0x80000000;

	int GENERIC_WRITE = 0x40000000;

	int OPEN_EXISTING = 3;

	/**
	 * Client side: impersonation level "identification" only, so a server cannot act as
	 * us.
	 */
	int SECURITY_SQOS_PRESENT = 0x00100000;

	int SECURITY_IDENTIFICATION = 0x00010000;

	int ERROR_FILE_NOT_FOUND = 2;

	int ERROR_ACCESS_DENIED = 5;

	int ERROR_BROKEN_PIPE = 109;

	int ERROR_PIPE_BUSY = 231;

	int ERROR_NO_DATA = 232;

	int ERROR_PIPE_NOT_CONNECTED = 233;

	int ERROR_MORE_DATA = 234;

	int ERROR_PIPE_CONNECTED = 535;

	int ERROR_OPERATION_ABORTED = 995;

	int ERROR_IO_INCOMPLETE = 996;

	int ERROR_IO_PENDING = 997;

	int ERROR_SEM_TIMEOUT = 121;

	int WAIT_OBJECT_0 = 0;

	int WAIT_TIMEOUT = 258;

	/**
	 * {@code sizeof(OVERLAPPED)} on x64: Internal, InternalHigh, Offset, OffsetHigh,
	 * hEvent.
	 */
	int OVERLAPPED_SIZE = 32;

	/** Offset of {@code hEvent} in {@code OVERLAPPED} on x64. */
	int OVERLAPPED_EVENT_OFFSET = 24;

	@Nullable HANDLE CreateNamedPipe(String name, int openMode, int pipeMode, int maxInstances, int outBufferSize,
			int inBufferSize, int defaultTimeout, WinBase.SECURITY_ATTRIBUTES securityAttributes);

	boolean ConnectNamedPipe(HANDLE pipe, Pointer overlapped);

	boolean DisconnectNamedPipe(HANDLE pipe);

	boolean WaitNamedPipe(String name, int timeoutMillis);

	@Nullable HANDLE CreateFile(String name, int access, int shareMode, @Nullable Pointer securityAttributes, int creation,
			int flags, @Nullable HANDLE template);

	boolean SetNamedPipeHandleState(HANDLE pipe, IntByReference mode, @Nullable Pointer maxCollection,
			@Nullable Pointer collectTimeout);

	boolean ReadFile(HANDLE file, Pointer buffer, int toRead, @Nullable Pointer read, Pointer overlapped);

	boolean WriteFile(HANDLE file, Pointer buffer, int toWrite, @Nullable Pointer written, Pointer overlapped);

	boolean GetOverlappedResult(HANDLE file, Pointer overlapped, IntByReference transferred, boolean wait);

	boolean CancelIoEx(HANDLE file, @Nullable Pointer overlapped);

	@Nullable HANDLE CreateEvent(@Nullable Pointer securityAttributes, boolean manualReset, boolean initialState,
			@Nullable String name);

	boolean ResetEvent(HANDLE event);

	int WaitForSingleObject(HANDLE handle, int timeoutMillis);

	boolean CloseHandle(HANDLE handle);

	boolean GetNamedPipeClientProcessId(HANDLE pipe, IntByReference pid);

	/**
	 * Looks at a pipe without reading; fails (ERROR_BROKEN_PIPE) once the other end has
	 * closed.
	 */
	boolean PeekNamedPipe(HANDLE pipe, @Nullable Pointer buffer, int size, @Nullable Pointer read,
			IntByReference totalAvailable, @Nullable Pointer leftThisMessage);

	boolean GetNamedPipeServerProcessId(HANDLE pipe, IntByReference pid);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static Kernel32Pipes get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable Kernel32Pipes instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized Kernel32Pipes load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isWindows()) {
						throw new UnsupportedOperationException("not Windows");
					}
					instance = Native.load("kernel32", Kernel32Pipes.class, W32APIOptions.DEFAULT_OPTIONS);
				}
				catch (Throwable ex) {
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("kernel32 is not available here: " + failure, failure);
			}
			return instance;
		}

	}

}
