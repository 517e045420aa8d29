package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.Advapi32Sddl;
import io.ipcstarter.nativeapi.windows.Kernel32Mailslots;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code mailslot}: owns the mailslot (created with the endpoint's
 * limit as its largest message, so Windows refuses a larger write at the writer, and with
 * a DACL for the current user only; a larger message that arrives anyway is reported as
 * {@link ErrorReason#OVERSIZE} and dropped) and reads it on one thread
 * ({@code ipc-<name>-mailslot-1}, not a daemon). Reads end every
 * {@value #READ_SLICE_MILLIS} ms when nothing comes, so a stop is prompt: the message in
 * hand finishes (within {@link IpcTransport#DRAIN_TIMEOUT}), then the mailslot is closed,
 * which removes it. A mailslot does not say who wrote a message.
 */
final class MailslotServer implements IpcServer {

	static final int READ_SLICE_MILLIS = 100;

	/**
	 * Every writer is the same unknown peer: a mailslot tells neither the process nor the
	 * user.
	 */
	private static final Peer WRITER = Peer.of("mailslot");

	private final EndpointSpec spec;

	private final MailslotName name;

	private final int limit;

	private final boolean openToOthers;

	private final Object handleLock = new Object();

	private @Nullable HANDLE handle;

	// the descriptor lives as long as the mailslot
	private WinBase.@Nullable SECURITY_ATTRIBUTES security;

	private volatile @Nullable Thread reader;

	private volatile boolean closed;

	MailslotServer(EndpointSpec spec, MailslotName name, int limit, boolean openToOthers) {
		this.spec = spec;
		this.name = name;
		this.limit = limit;
		this.openToOthers = openToOthers;
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The mailslot server of " + this.spec + " is closed");
		}
		Kernel32Mailslots k32 = Kernel32Mailslots.get();
		this.security = Advapi32Sddl.currentUserOnly(this.openToOthers);
		HANDLE h = k32.CreateMailslot(this.name.win32(), this.limit, READ_SLICE_MILLIS, this.security);
		if (h == null || WinBase.INVALID_HANDLE_VALUE.equals(h)) {
			int error = Native.getLastError();
			throw new IpcException(ErrorReason.IO,
					"Cannot create mailslot " + this.name.win32() + " of endpoint '" + this.spec.name() + "': error "
							+ error + ((error == Kernel32Mailslots.ERROR_ALREADY_EXISTS)
									? " (another process owns this name: address already in use)" : ""));
		}
		synchronized (this.handleLock) {
			this.handle = h;
		}
		Thread thread = new IpcThreads(this.spec.name(), "mailslot", false).newThread(() -> read(k32, h, listener));
		this.reader = thread;
		thread.start();
	}

	private void read(Kernel32Mailslots k32, HANDLE h, InboundListener listener) {
		// one byte more than the limit: Windows refuses larger writes, but a reader that
		// truncates them silently
		// (Wine does) still shows them
		Memory buffer = new Memory(this.limit + 1);
		IntByReference read = new IntByReference();
		while (!this.closed) {
			if (!k32.ReadFile(h, buffer, this.limit + 1, read, null)) {
				int error = Native.getLastError();
				if (this.closed) {
					return;
				}
				// a timeout: nothing came in this slice
				if (error != Kernel32Mailslots.ERROR_SEM_TIMEOUT) {
					// not expected: reported, then a pause so that a lasting failure
					// cannot spin
					listener.onError(ErrorReason.IO, new IpcException(ErrorReason.IO,
							"Reading mailslot " + this.name.win32() + " failed: error " + error), WRITER);
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(READ_SLICE_MILLIS));
				}
				continue;
			}
			if (read.getValue() > this.limit) {
				listener.onError(ErrorReason.OVERSIZE, new IpcException(ErrorReason.OVERSIZE, "A message in mailslot "
						+ this.name.win32() + " is larger than max-message-size (" + this.limit + " bytes); dropped"),
						WRITER);
				continue;
			}
			byte[] payload = buffer.getByteArray(0, read.getValue());
			try {
				listener.onMessage(payload, WRITER, InboundListener.Reply.NONE);
			}
			catch (Exception ex) {
				listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex,
						WRITER);
			}
		}
	}

	/**
	 * The messages waiting in the mailslot ({@code GetMailslotInfo}); -1 before start or
	 * after close. Wine reports 1 for any number of waiting messages.
	 */
	@Override
	public long backlog() {
		synchronized (this.handleLock) {
			if (this.handle == null) {
				return -1;
			}
			IntByReference count = new IntByReference();
			return Kernel32Mailslots.get().GetMailslotInfo(this.handle, null, null, count, null) ? count.getValue()
					: -1;
		}
	}

	@Override
	public String address() {
		return this.name.win32();
	}

	@Override
	public void close() {
		this.closed = true;
		// the reader sees the flag within a read slice; the message in hand finishes
		// within the grace period
		Thread thread = this.reader;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		synchronized (this.handleLock) {
			if (this.handle != null) {
				Kernel32Mailslots.get().CloseHandle(this.handle);
				this.handle = null;
			}
		}
	}

}
