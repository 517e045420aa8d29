package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.Native;
import com.sun.jna.platform.win32.WinBase;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

import io.ipcstarter.nativeapi.windows.Kernel32Mailslots;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code mailslot}: opens the mailslot for each message, writes it
 * with one {@code WriteFile} and closes it, so every message reaches whichever process
 * owns the name now (a restarted reader included). While no process owns a local
 * mailslot, it tries again until {@code send-timeout}, then fails. A write to other
 * computers ({@code *\NAME}) succeeds whether anyone reads it or not: Windows does not
 * know.
 */
final class MailslotClient implements IpcClient {

	private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private final EndpointSpec spec;

	private final MailslotName name;

	private final int limit;

	private volatile boolean closed;

	MailslotClient(EndpointSpec spec, MailslotName name, int limit) {
		this.spec = spec;
		this.name = name;
		this.limit = limit;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (payload.length > this.limit) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + payload.length + " bytes is larger than "
							+ (this.name.remote() && this.limit == MailslotTransport.MAX_REMOTE
									? "a mailslot message to other computers may be (" + MailslotTransport.MAX_REMOTE
											+ " bytes)"
									: "max-message-size (" + this.limit + " bytes)")
							+ " and is not sent to " + address() + " by endpoint '" + this.spec.name() + "'");
		}
		Kernel32Mailslots k32 = Kernel32Mailslots.get();
		// sharing write access, so that writers in other threads and processes can open
		// it too
		HANDLE h = open(k32);
		try {
			IntByReference written = new IntByReference();
			if (!k32.WriteFile(h, payload, payload.length, written, null)) {
				throw new IpcException(ErrorReason.IO,
						"Writing to mailslot " + address() + " failed: error " + Native.getLastError());
			}
			if (written.getValue() != payload.length) {
				throw new IpcException(ErrorReason.IO,
						"Mailslot " + address() + " took " + written.getValue() + " of " + payload.length + " bytes");
			}
		}
		finally {
			k32.CloseHandle(h);
		}
	}

	private HANDLE open(Kernel32Mailslots k32) throws IpcException {
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		while (true) {
			if (this.closed) {
				throw new IpcException(ErrorReason.IO,
						"The mailslot client of endpoint '" + this.spec.name() + "' is closed");
			}
			HANDLE h = k32.CreateFile(this.name.win32(), Kernel32Mailslots.GENERIC_WRITE,
					Kernel32Mailslots.FILE_SHARE_READ | Kernel32Mailslots.FILE_SHARE_WRITE, null,
					Kernel32Mailslots.OPEN_EXISTING, Kernel32Mailslots.FILE_ATTRIBUTE_NORMAL, null);
			if (h != null && !WinBase.INVALID_HANDLE_VALUE.equals(h)) {
				return h;
			}
			int error = Native.getLastError();
			if (error != Kernel32Mailslots.ERROR_FILE_NOT_FOUND && error != Kernel32Mailslots.ERROR_PATH_NOT_FOUND) {
				throw new IpcException(ErrorReason.IO, "Cannot open mailslot " + address() + ": error " + error);
			}
			if (System.nanoTime() - deadline >= 0) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"Cannot write to mailslot " + address() + ": no process owns it (waited send-timeout "
								+ Durations.simple(this.spec.sendTimeout()) + ")");
			}
			// back off before the next attempt: a reader may be starting
			LockSupport.parkNanos(RETRY_NANOS);
		}
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		throw new IpcException(ErrorReason.UNSUPPORTED,
				"A mailslot is one-way: endpoint '" + this.spec.name() + "' cannot make requests");
	}

	@Override
	public String address() {
		return this.name.win32();
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
