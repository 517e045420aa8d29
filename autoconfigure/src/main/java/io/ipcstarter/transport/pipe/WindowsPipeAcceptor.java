package io.ipcstarter.transport.pipe;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.Advapi32Sddl;
import io.ipcstarter.nativeapi.windows.Kernel32Pipes;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * The server end of a Windows named pipe: one pipe instance per client, created before it
 * connects. The first instance is created with {@code FILE_FLAG_FIRST_PIPE_INSTANCE}, so
 * a name another process already serves fails start-up instead of sharing clients with
 * it. Every instance is message-mode, overlapped, rejects remote clients and carries a
 * DACL for the current user only. At most {@code max-instances} are open at once; when
 * all are in use, the next one is created when a client leaves.
 */
final class WindowsPipeAcceptor implements StreamAcceptor {

	private static final int BUFFER_SIZE = 64 * 1024;

	private static final int SLICE_MILLIS = 50;

	private static final int NMPWAIT_NOWAIT = 1;

	private final Kernel32Pipes k32 = Kernel32Pipes.get();

	private final String pipeName;

	private final int maxInstances;

	private final boolean openToOthers;

	private final Semaphore instances;

	private final Memory overlapped = new Memory(Kernel32Pipes.OVERLAPPED_SIZE);

	private WinBase.SECURITY_ATTRIBUTES security;

	private volatile @Nullable HANDLE event;

	private @Nullable HANDLE pending;

	private boolean first = true;

	private boolean waiting;

	private volatile boolean closed;

	WindowsPipeAcceptor(String name, int maxInstances, boolean openToOthers) {
		this.pipeName = PipeName.WINDOWS_PREFIX + name;
		this.maxInstances = maxInstances;
		this.openToOthers = openToOthers;
		this.instances = new Semaphore(maxInstances);
	}

	@Override
	public synchronized void open() throws IOException {
		// FILE_FLAG_FIRST_PIPE_INSTANCE makes Windows refuse a name that is already
		// served; Wine ignores the flag, so ask first as well: WaitNamedPipe says "no
		// such pipe" only when nobody serves the name.
		if (this.k32.WaitNamedPipe(this.pipeName, NMPWAIT_NOWAIT)
				|| Native.getLastError() != Kernel32Pipes.ERROR_FILE_NOT_FOUND) {
			throw new IpcException(ErrorReason.IO, "Cannot create named pipe " + this.pipeName
					+ ": another process serves this name (address already in use)");
		}
		this.security = Advapi32Sddl.currentUserOnly(this.openToOthers);
		this.event = this.k32.CreateEvent(null, true, false, null);
		this.instances.acquireUninterruptibly();
		// now clients can connect: start() returns with the name taken
		this.pending = createInstance();
	}

	private HANDLE createInstance() throws IOException {
		int openMode = Kernel32Pipes.PIPE_ACCESS_DUPLEX | Kernel32Pipes.FILE_FLAG_OVERLAPPED
				| (this.first ? Kernel32Pipes.FILE_FLAG_FIRST_PIPE_INSTANCE : 0);
		int pipeMode = Kernel32Pipes.PIPE_TYPE_MESSAGE | Kernel32Pipes.PIPE_READMODE_MESSAGE | Kernel32Pipes.PIPE_WAIT
				| Kernel32Pipes.PIPE_REJECT_REMOTE_CLIENTS;
		HANDLE h = this.k32.CreateNamedPipe(this.pipeName, openMode, pipeMode, this.maxInstances, BUFFER_SIZE,
				BUFFER_SIZE, 0, this.security);
		if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
			int error = Native.getLastError();
			this.instances.release();
			throw new IpcException(ErrorReason.IO,
					"Cannot create named pipe " + this.pipeName + ": error " + error
							+ (error == Kernel32Pipes.ERROR_ACCESS_DENIED || error == Kernel32Pipes.ERROR_PIPE_BUSY
									? " (another process serves this name: address already in use)" : ""));
		}
		this.first = false;
		return h;
	}

	@Override
	public StreamConnection accept() throws IOException {
		HANDLE instance;
		synchronized (this) {
			if (this.closed) {
				throw new ClosedChannelException();
			}
			if (this.pending == null) {
				awaitFreeInstance();
				this.pending = createInstance();
			}
			instance = this.pending;
			this.waiting = true;
		}
		try {
			awaitClient(instance);
		}
		catch (IOException | RuntimeException ex) {
			synchronized (this) {
				this.waiting = false;
				if (this.closed) {
					releaseHandles();
				}
				else { // a broken instance: drop it, the next accept creates a fresh one
					this.k32.CloseHandle(instance);
					this.pending = null;
					this.instances.release();
				}
			}
			throw ex;
		}
		synchronized (this) {
			this.waiting = false;
			this.pending = null;
			if (this.closed) {
				releaseHandles();
			}
		}
		IntByReference pid = new IntByReference();
		Integer peerPid = this.k32.GetNamedPipeClientProcessId(instance, pid) ? pid.getValue() : null;
		return new WindowsPipeConnection(instance, new Peer("pipe#pid" + peerPid, peerPid, null),
				this.instances::release);
	}

	private void awaitFreeInstance() throws IOException {
		try {
			while (!this.instances.tryAcquire(SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
				if (this.closed) {
					throw new ClosedChannelException();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new ClosedChannelException();
		}
	}

	/**
	 * Overlapped ConnectNamedPipe, waited for in slices so {@link #close()} can end it.
	 */
	private void awaitClient(HANDLE instance) throws IOException {
		this.overlapped.clear();
		this.overlapped.setPointer(Kernel32Pipes.OVERLAPPED_EVENT_OFFSET, this.event.getPointer());
		this.k32.ResetEvent(this.event);
		if (this.k32.ConnectNamedPipe(instance, this.overlapped)) {
			return;
		}
		int error = Native.getLastError();
		if (error == Kernel32Pipes.ERROR_PIPE_CONNECTED || error == Kernel32Pipes.ERROR_NO_DATA) {
			// the client came between CreateNamedPipe and ConnectNamedPipe (and may even
			// have written and closed already: ERROR_NO_DATA; what it wrote is still
			// read, then the read sees the broken pipe)
			return;
		}
		if (error != Kernel32Pipes.ERROR_IO_PENDING) {
			throw new IpcException(ErrorReason.IO, "ConnectNamedPipe on " + this.pipeName + " failed: error " + error);
		}
		while (this.k32.WaitForSingleObject(this.event, SLICE_MILLIS) == Kernel32Pipes.WAIT_TIMEOUT) {
			if (this.closed) {
				this.k32.CancelIoEx(instance, this.overlapped);
			}
		}
		IntByReference ignored = new IntByReference();
		if (!this.k32.GetOverlappedResult(instance, this.overlapped, ignored, true)) {
			int result = Native.getLastError();
			if (this.closed || result == Kernel32Pipes.ERROR_OPERATION_ABORTED) {
				throw new ClosedChannelException();
			}
			throw new IpcException(ErrorReason.IO,
					"Waiting for a client on " + this.pipeName + " failed: error " + result);
		}
	}

	@Override
	public String address() {
		return this.pipeName;
	}

	@Override
	public void close() {
		this.closed = true;
		synchronized (this) {
			if (!this.waiting) {
				releaseHandles();
			}
			// else the accept thread sees the flag within a slice, cancels its wait and
			// releases them
		}
	}

	/**
	 * Close the instance no client took and the event; only when no thread waits on them.
	 */
	private void releaseHandles() {
		if (this.pending != null) {
			this.k32.CloseHandle(this.pending);
			this.pending = null;
		}
		if (this.event != null) {
			this.k32.CloseHandle(this.event);
			this.event = null;
		}
	}

}
