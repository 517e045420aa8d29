package io.ipcstarter.transport.pipe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.AsynchronousCloseException;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;

import io.ipcstarter.nativeapi.windows.Kernel32Pipes;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * One connected Windows named pipe instance (either end) with overlapped I/O into native
 * memory ({@link Memory}, never a {@code byte[]}: JNA would copy an array back before the
 * I/O completes). Reads and writes wait on their own event in short slices, so
 * {@link #close()} from any thread ends them (after {@code CancelIoEx}).
 * <p>
 * Every use of the handle (a read, a write, a cancel, a peek) holds a reference counted
 * in {@link #users}, taken atomically with the check that the connection is still open;
 * the handle and events are closed by whoever drops the last reference after
 * {@link #close()}. So no call reaches a handle after {@code CloseHandle}, and a close
 * never pulls the handle from under a running call: Windows and Wine reuse a freed handle
 * value at once, and a late call would act on, or fail with {@code ERROR_INVALID_HANDLE}
 * on, whatever object got that value next.
 * <p>
 * Each flushed frame is written as <em>one pipe message</em> (one {@code WriteFile});
 * reading treats the pipe as a byte stream ({@code ERROR_MORE_DATA} just means "the
 * message continues"), and the endpoint's framing finds the message boundaries, as on
 * every stream transport.
 */
final class WindowsPipeConnection implements StreamConnection {

	private static final int READ_BUFFER = 64 * 1024;

	private static final int SLICE_MILLIS = 50;

	/**
	 * Set in {@link #users} by {@link #close()}; the count below it is the number of
	 * threads using the handle.
	 */
	private static final int CLOSED = 1 << 30;

	private final Kernel32Pipes k32 = Kernel32Pipes.get();

	private final HANDLE pipe;

	private final Peer peer;

	private final Runnable onClose;

	private final Operation reading;

	private final Operation writing;

	/**
	 * Threads using the handle now, plus {@link #CLOSED} once closed; the handle is
	 * closed when it reaches CLOSED.
	 */
	private final AtomicInteger users = new AtomicInteger();

	private final InputStream input = new PipeInput();

	private final PipeOutput output = new PipeOutput();

	private volatile boolean inputShut;

	WindowsPipeConnection(HANDLE pipe, Peer peer, Runnable onClose) {
		this.pipe = pipe;
		this.peer = peer;
		this.onClose = onClose;
		this.reading = new Operation();
		this.writing = new Operation();
	}

	@Override
	public InputStream input() {
		return this.input;
	}

	@Override
	public OutputStream output() {
		return this.output;
	}

	@Override
	public Peer peer() {
		return this.peer;
	}

	@Override
	public void shutdownOutput() {
		// a pipe has no half-close; raw framing is not offered on named pipes
	}

	@Override
	public void shutdownInput() {
		this.inputShut = true;
		if (acquire()) {
			try {
				this.k32.CancelIoEx(this.pipe, this.reading.overlapped);
			}
			finally {
				release();
			}
		}
	}

	/**
	 * An idle client connection whose server end has closed (PeekNamedPipe fails with a
	 * broken pipe), or that holds bytes nobody asked for, must not carry the next call: a
	 * request written into it would never be answered.
	 */
	@Override
	public boolean isPeerGone() {
		if (!acquire()) {
			return true;
		}
		try {
			IntByReference available = new IntByReference();
			if (!this.k32.PeekNamedPipe(this.pipe, null, 0, null, available, null)) {
				return true;
			}
			return available.getValue() > 0;
		}
		finally {
			release();
		}
	}

	/**
	 * Marks the connection closed and cancels its pending I/O. The handle is closed here
	 * when no other thread uses it, else by the last operation to return (a cancelled one
	 * returns within a wait slice).
	 */
	@Override
	public void close() {
		int users;
		do {
			users = this.users.get();
			if ((users & CLOSED) != 0) {
				return;
			}
		}
		// holds a reference for the cancel below
		while (!this.users.compareAndSet(users, (users | CLOSED) + 1));
		try {
			if (users > 0) {
				this.k32.CancelIoEx(this.pipe, null);
			}
		}
		finally {
			release();
		}
	}

	private boolean isClosed() {
		return (this.users.get() & CLOSED) != 0;
	}

	/** Take a reference to the handle, unless the connection is closed. */
	private boolean acquire() {
		int users;
		do {
			users = this.users.get();
			if ((users & CLOSED) != 0) {
				return false;
			}
		}
		while (!this.users.compareAndSet(users, users + 1));
		return true;
	}

	/**
	 * Drop a reference; the last one after {@link #close()} closes the handle and events.
	 */
	private void release() {
		if (this.users.decrementAndGet() == CLOSED) {
			this.k32.CloseHandle(this.pipe);
			this.reading.release();
			this.writing.release();
			this.onClose.run();
		}
	}

	/**
	 * Run one overlapped read or write to completion.
	 * @return bytes transferred, or -1 at end of stream (the other end closed)
	 */
	private int transfer(Operation op, Pointer buffer, int length, boolean read) throws IOException {
		if ((read && this.inputShut) || !acquire()) {
			return fail(read);
		}
		try {
			this.k32.ResetEvent(op.event);
			boolean done = read ? this.k32.ReadFile(this.pipe, buffer, length, null, op.overlapped)
					: this.k32.WriteFile(this.pipe, buffer, length, null, op.overlapped);
			int error = done ? 0 : Native.getLastError();
			if (!done && error != Kernel32Pipes.ERROR_IO_PENDING && error != Kernel32Pipes.ERROR_MORE_DATA) {
				return endOrFail(error, read);
			}
			if (!done && error == Kernel32Pipes.ERROR_IO_PENDING) {
				while (this.k32.WaitForSingleObject(op.event, SLICE_MILLIS) == Kernel32Pipes.WAIT_TIMEOUT) {
					if (isClosed() || (read && this.inputShut)) {
						this.k32.CancelIoEx(this.pipe, op.overlapped);
					}
				}
			}
			IntByReference transferred = new IntByReference();
			if (!this.k32.GetOverlappedResult(this.pipe, op.overlapped, transferred, true)) {
				int result = Native.getLastError();
				if (result != Kernel32Pipes.ERROR_MORE_DATA) {
					return endOrFail(result, read);
				}
			}
			return transferred.getValue();
		}
		finally {
			release();
		}
	}

	private int endOrFail(int error, boolean read) throws IOException {
		if (read && (error == Kernel32Pipes.ERROR_BROKEN_PIPE || error == Kernel32Pipes.ERROR_PIPE_NOT_CONNECTED)) {
			return -1;
		}
		if (error == Kernel32Pipes.ERROR_OPERATION_ABORTED) {
			return fail(read);
		}
		throw new IpcException(ErrorReason.IO,
				(read ? "Reading from" : "Writing to") + " named pipe failed: error " + error
						+ (error == Kernel32Pipes.ERROR_NO_DATA || error == Kernel32Pipes.ERROR_BROKEN_PIPE
								? " (the other end closed it)" : ""));
	}

	private int fail(boolean read) throws IOException {
		if (read && this.inputShut && !isClosed()) {
			return -1;
		}
		throw new AsynchronousCloseException();
	}

	/**
	 * An OVERLAPPED with its own manual-reset event, in native memory for the life of the
	 * connection.
	 */
	private final class Operation {

		final Memory overlapped = new Memory(Kernel32Pipes.OVERLAPPED_SIZE);

		final HANDLE event;

		Operation() {
			this.event = WindowsPipeConnection.this.k32.CreateEvent(null, true, false, null);
			this.overlapped.clear();
			this.overlapped.setPointer(Kernel32Pipes.OVERLAPPED_EVENT_OFFSET, this.event.getPointer());
		}

		void release() {
			WindowsPipeConnection.this.k32.CloseHandle(this.event);
		}

	}

	private final class PipeInput extends InputStream {

		private final Memory buffer = new Memory(READ_BUFFER);

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return (read(one, 0, 1) < 0) ? -1 : (one[0] & 0xff);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (len == 0) {
				return 0;
			}
			int n;
			do {
				n = transfer(WindowsPipeConnection.this.reading, this.buffer, Math.min(len, READ_BUFFER), true);
			}
			while (n == 0); // a zero-length message carries nothing for a byte stream
			if (n > 0) {
				this.buffer.read(0, b, off, n);
			}
			return n;
		}

	}

	/**
	 * Collects one frame in native memory; {@link #flush()} writes it as one pipe
	 * message.
	 */
	private final class PipeOutput extends OutputStream {

		private Memory buffer = new Memory(READ_BUFFER);

		private int size;

		@Override
		public void write(int b) {
			ensure(1);
			this.buffer.setByte(this.size++, (byte) b);
		}

		@Override
		public void write(byte[] b, int off, int len) {
			ensure(len);
			this.buffer.write(this.size, b, off, len);
			this.size += len;
		}

		private void ensure(int more) {
			if (this.size + more > this.buffer.size()) {
				Memory bigger = new Memory(Math.max(this.buffer.size() * 2, (long) this.size + more));
				bigger.write(0, this.buffer.getByteArray(0, this.size), 0, this.size);
				this.buffer = bigger;
			}
		}

		@Override
		public void flush() throws IOException {
			int offset = 0;
			try {
				while (offset < this.size) {
					int n = transfer(WindowsPipeConnection.this.writing, this.buffer.share(offset), this.size - offset,
							false);
					offset += n;
				}
			}
			finally {
				this.size = 0;
			}
		}

	}

}
