package io.ipcstarter.transport.com;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.COM.COMException;
import com.sun.jna.platform.win32.COM.Dispatch;
import com.sun.jna.platform.win32.COM.util.ComThread;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.ComAutomation;
import io.ipcstarter.nativeapi.windows.ComAutomation.ComFailure;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;

/**
 * The outbound side of {@code com}: every call runs on one single-threaded-apartment
 * thread of the endpoint's own (jna-platform's {@link ComThread},
 * {@code ipc-<name>-com}), which makes (or attaches to) the object on first use, keeps it
 * while calls succeed and releases it on close; an object whose server went away is
 * released and made again at the next call. A call waits at most {@code reply-timeout}
 * for its turn and its result; one that overruns fails as {@code timeout}, and since an
 * automation call cannot be cancelled, the calls behind it wait until it returns.
 */
final class ComClient implements IpcClient {

	/** HRESULTs that say the object's server has gone: make a new object next time. */
	private static final int[] SERVER_GONE = { 0x80010108 /* RPC_E_DISCONNECTED */,
			0x80010007 /* RPC_E_SERVER_DIED */, 0x80010012 /* RPC_E_SERVER_DIED_DNE */,
			0x800706BA /* RPC_S_SERVER_UNAVAILABLE */, 0x800706BE /* RPC_S_CALL_FAILED */ };

	private final EndpointSpec spec;

	private final String address;

	private final boolean running;

	private final ComThread thread;

	/** Touched only on the COM thread. */
	private @Nullable Dispatch object;

	private volatile boolean closed;

	ComClient(EndpointSpec spec, boolean running) {
		this.spec = spec;
		this.address = spec.address();
		this.running = running;
		this.thread = new ComThread("ipc-" + spec.name() + "-com", spec.replyTimeout().toMillis(), (t, ex) -> {
			// a task's failure reaches its caller through its future; nothing
			// escapes here
		}, Ole32.COINIT_APARTMENTTHREADED);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		request(payload);
	}

	/**
	 * Call the member the request names; the reply is the result as UTF-8 JSON.
	 */
	@Override
	public byte[] request(byte[] payload) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The COM client of endpoint '" + this.spec.name() + "' is closed");
		}
		ComCall call = ComCall.parse(payload);
		Object result;
		try {
			result = this.thread.execute(() -> call(call));
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT,
					this.address + ": " + call.display() + " did not return within reply-timeout "
							+ Durations.simple(this.spec.replyTimeout())
							+ " (later calls of this endpoint wait until it does)");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while calling " + call.display());
		}
		catch (ExecutionException ex) {
			throw failed(call, ex.getCause());
		}
		return ComJson.write(result).getBytes(StandardCharsets.UTF_8);
	}

	/** On the COM thread: the object (made or found now if needed), then the call. */
	private @Nullable Object call(ComCall call) {
		Dispatch target = this.object;
		if (target == null) {
			target = ComAutomation.create(this.address, this.running);
			this.object = target;
		}
		try {
			return ComAutomation.invoke(target, call.member(), call.kind(), call.args());
		}
		catch (ComFailure ex) {
			if (isServerGone(ex.hresult())) {
				this.object = null;
				ComAutomation.release(target);
			}
			throw ex;
		}
	}

	private IpcException failed(ComCall call, Throwable cause) {
		if (cause instanceof ComFailure failure) {
			if (failure.isServerException()) {
				return new IpcException(ErrorReason.HANDLER,
						this.address + ": " + call.display() + " failed: " + failure.getMessage(), failure);
			}
			ErrorReason reason = isServerGone(failure.hresult()) ? ErrorReason.IO : ErrorReason.HANDLER;
			if (this.object == null && !isServerGone(failure.hresult())) {
				reason = ErrorReason.IO; // the object could not be had at all
			}
			return new IpcException(reason, this.address + ": " + call.display() + ": " + failure.getMessage(),
					failure);
		}
		if (cause instanceof COMException || cause instanceof IllegalArgumentException) {
			return new IpcException(ErrorReason.HANDLER,
					this.address + ": " + call.display() + ": " + cause.getMessage(), cause);
		}
		return new IpcException(ErrorReason.IO, this.address + ": " + call.display() + " failed: " + cause, cause);
	}

	private static boolean isServerGone(int hresult) {
		for (int gone : SERVER_GONE) {
			if (gone == hresult) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String address() {
		return this.address + (this.running ? " (running object)" : "");
	}

	/** Release the object on its thread, then end the thread. */
	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.thread.execute(() -> {
				Dispatch target = this.object;
				this.object = null;
				if (target != null) {
					ComAutomation.release(target);
				}
				return null;
			});
		}
		catch (TimeoutException | ExecutionException ex) {
			// a call still hangs in the server: the object goes with the thread
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.thread.terminate(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
	}

}
