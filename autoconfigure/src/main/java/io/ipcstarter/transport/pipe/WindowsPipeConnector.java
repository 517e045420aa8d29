package io.ipcstarter.transport.pipe;

import java.io.IOException;
import java.time.Duration;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

import io.ipcstarter.nativeapi.windows.Kernel32Pipes;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

/**
 * The client end of a Windows named pipe. When every instance is busy it waits with
 * {@code WaitNamedPipe} within the attempt's time (the stream client bounds that by
 * {@code send-timeout}); a missing pipe fails the attempt at once so the stream client
 * backs off and retries. The handle is opened with identification-level impersonation
 * only, and switched to message read mode.
 */
final class WindowsPipeConnector implements StreamConnector {

	private final Kernel32Pipes k32 = Kernel32Pipes.get();

	private final String pipeName;

	WindowsPipeConnector(String name) {
		this.pipeName = PipeName.WINDOWS_PREFIX + name;
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			HANDLE h = this.k32.CreateFile(this.pipeName, Kernel32Pipes.GENERIC_READ | Kernel32Pipes.GENERIC_WRITE, 0,
					null, Kernel32Pipes.OPEN_EXISTING, Kernel32Pipes.FILE_FLAG_OVERLAPPED
							| Kernel32Pipes.SECURITY_SQOS_PRESENT | Kernel32Pipes.SECURITY_IDENTIFICATION,
					null);
			if (h != null && !WinBase.INVALID_HANDLE_VALUE.equals(h)) {
				return connected(h);
			}
			int error = Native.getLastError();
			long leftMillis = (deadline - System.nanoTime()) / 1_000_000;
			if (error == Kernel32Pipes.ERROR_PIPE_BUSY && leftMillis > 0) {
				this.k32.WaitNamedPipe(this.pipeName, (int) Math.min(Integer.MAX_VALUE, leftMillis));
				continue;
			}
			throw new IOException("Cannot open named pipe " + this.pipeName + ": "
					+ (error == Kernel32Pipes.ERROR_FILE_NOT_FOUND ? "no process serves it"
							: error == Kernel32Pipes.ERROR_PIPE_BUSY ? "all instances are busy" : "error " + error));
		}
	}

	private StreamConnection connected(HANDLE h) throws IOException {
		IntByReference mode = new IntByReference(Kernel32Pipes.PIPE_READMODE_MESSAGE);
		if (!this.k32.SetNamedPipeHandleState(h, mode, null, null)) {
			int error = Native.getLastError();
			this.k32.CloseHandle(h);
			throw new IpcException(ErrorReason.IO, "Cannot set message mode on " + this.pipeName + ": error " + error);
		}
		IntByReference pid = new IntByReference();
		Integer serverPid = this.k32.GetNamedPipeServerProcessId(h, pid) ? pid.getValue() : null;
		return new WindowsPipeConnection(h, new Peer("pipe#pid" + serverPid, serverPid, null), () -> {
		});
	}

	@Override
	public String address() {
		return this.pipeName;
	}

}
