package io.ipcstarter.transport.registry;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinReg.HKEY;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.RegistryKeys;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code registry}: one thread ({@code ipc-<name>-registry-1}, not a
 * daemon) opens the key (creating it under HKCU), asks for a notification of the next
 * change of its values ({@code RegNotifyChangeKeyValue}, thread-agnostic where Windows
 * offers it) and waits on an event in {@value #WAIT_SLICE_MILLIS} ms slices so that a
 * stop is prompt. At each notification it first asks for the next one, then reads the
 * value, so a write after the read is never missed; it delivers the value when its type
 * or bytes differ from the last one delivered. Writes that come faster than that are
 * replaced by the later ones: the last value wins, and the ones between are never seen. A
 * value removed is not a message. The message carries attribute {@code registryType}
 * ({@code REG_SZ}...).
 */
final class RegistryServer implements IpcServer {

	static final int WAIT_SLICE_MILLIS = 100;

	/** Quiet wait slices between two checks that the key still exists: one second. */
	static final int LIVENESS_SLICES = 10;

	/** Every writer is the same unknown peer: the registry does not say who wrote. */
	private static final Peer WRITER = Peer.of("registry");

	private final EndpointSpec spec;

	private final RegistryPath path;

	private final String value;

	private final int limit;

	private final boolean deliverCurrent;

	private volatile @Nullable Thread watcher;

	private volatile boolean closed;

	private volatile long failingSince;

	/**
	 * The filter flags accepted by this system: thread-agnostic dropped where refused.
	 */
	private int filter = RegistryKeys.REG_NOTIFY_CHANGE_LAST_SET | RegistryKeys.REG_NOTIFY_THREAD_AGNOSTIC;

	private int lastType = -1;

	private byte @Nullable [] lastData;

	RegistryServer(EndpointSpec spec, RegistryPath path, String value, int limit, boolean deliverCurrent) {
		this.spec = spec;
		this.path = path;
		this.value = value;
		this.limit = limit;
		this.deliverCurrent = deliverCurrent;
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The registry watcher of " + this.spec + " is closed");
		}
		CompletableFuture<Void> armed = new CompletableFuture<>();
		Thread thread = new IpcThreads(this.spec.name(), "registry", false).newThread(() -> watch(listener, armed));
		this.watcher = thread;
		thread.start();
		// returns once the first notification is asked for, so that any write after
		// start() is seen
		try {
			armed.get(IpcTransport.DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			close();
			throw new IpcException(ErrorReason.IO, "Cannot watch " + address() + " for endpoint '" + this.spec.name()
					+ "': " + ex.getCause().getMessage(), ex.getCause());
		}
		catch (TimeoutException ex) {
			close();
			throw new IpcException(ErrorReason.TIMEOUT, "Watching " + address() + " did not start in time");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			close();
			throw new IpcException(ErrorReason.IO, "Interrupted while starting to watch " + address());
		}
	}

	private void watch(InboundListener listener, CompletableFuture<Void> armed) {
		HANDLE event;
		HKEY key;
		try {
			event = RegistryKeys.createEvent();
			key = openAndArm(event);
		}
		catch (RuntimeException ex) {
			armed.completeExceptionally(ex);
			return;
		}
		try {
			RegistryKeys.Value current = read(key, listener);
			if (current != null && current.data() != null) {
				remember(current);
				if (this.deliverCurrent) {
					deliver(current, listener);
				}
			}
			armed.complete(null);
			int quietSlices = 0;
			while (!this.closed) {
				boolean signalled = RegistryKeys.await(event, WAIT_SLICE_MILLIS);
				if (!signalled && ++quietSlices < LIVENESS_SLICES) {
					continue; // nothing changed in this slice
				}
				quietSlices = 0;
				if (!signalled && isAlive(key)) {
					continue;
				}
				key = rearm(key, event, listener);
				if (key == null) {
					continue;
				}
				try {
					RegistryKeys.Value changed = read(key, listener);
					if (changed != null && changed.data() != null && isNew(changed)) {
						remember(changed);
						deliver(changed, listener);
					}
				}
				catch (Win32Exception ex) {
					// the key went away between arming and reading: the next check
					// opens it again
					listener.onError(ErrorReason.IO, new IpcException(ErrorReason.IO,
							"Reading " + address() + " failed: " + ex.getMessage(), ex), null);
				}
			}
		}
		catch (RuntimeException ex) {
			armed.completeExceptionally(ex);
			if (!this.closed) {
				listener.onError(ErrorReason.IO, ex, null);
			}
		}
		finally {
			if (key != null) {
				RegistryKeys.close(key);
			}
			RegistryKeys.closeHandle(event);
		}
	}

	/**
	 * Whether the key open is still the key of that path. Wine does not signal the
	 * deletion of a watched key (Windows does), so the watcher asks every
	 * {@value #LIVENESS_SLICES} quiet slices; a deleted key is opened again (and
	 * re-created under HKCU).
	 */
	private boolean isAlive(HKEY key) {
		try {
			RegistryKeys.read(key, this.value, 0);
			return true;
		}
		catch (Win32Exception ex) {
			return false;
		}
	}

	/** Open the key and ask for the first notification. */
	private HKEY openAndArm(HANDLE event) {
		int access = RegistryKeys.KEY_NOTIFY | RegistryKeys.KEY_QUERY_VALUE | RegistryKeys.KEY_WOW64_64KEY;
		// create the key under HKCU, so that a watcher may start before any writer;
		// never under HKLM
		HKEY key = RegistryKeys.open(RegistryClient.root(this.path), this.path.path(), access,
				!this.path.localMachine());
		try {
			arm(key, event);
			return key;
		}
		catch (RuntimeException ex) {
			RegistryKeys.close(key);
			throw ex;
		}
	}

	private void arm(HKEY key, HANDLE event) {
		try {
			RegistryKeys.notifyOnChange(key, event, this.filter);
		}
		catch (Win32Exception ex) {
			if (ex.getErrorCode() != RegistryKeys.ERROR_INVALID_PARAMETER
					|| (this.filter & RegistryKeys.REG_NOTIFY_THREAD_AGNOSTIC) == 0) {
				throw ex;
			}
			// before Windows 8 there is no thread-agnostic registration: this thread
			// makes every registration and lives as long as the watch, so none is lost
			this.filter &= ~RegistryKeys.REG_NOTIFY_THREAD_AGNOSTIC;
			RegistryKeys.notifyOnChange(key, event, this.filter);
		}
	}

	/**
	 * Ask for the next notification before reading, so a write after the read is not
	 * missed; when the key was deleted, open (and under HKCU create) it again. The key to
	 * read, or {@code null} when it cannot be had now (reported; tried again after a
	 * pause).
	 */
	private @Nullable HKEY rearm(HKEY key, HANDLE event, InboundListener listener) {
		try {
			arm(key, event);
			this.failingSince = 0;
			return key;
		}
		catch (Win32Exception ex) {
			RegistryKeys.close(key);
		}
		while (!this.closed) {
			try {
				HKEY reopened = openAndArm(event);
				this.failingSince = 0;
				return reopened;
			}
			catch (Win32Exception ex) {
				if (this.failingSince == 0) {
					this.failingSince = System.currentTimeMillis();
					listener.onError(ErrorReason.IO, new IpcException(ErrorReason.IO,
							"Watching " + address() + " failed: " + ex.getMessage() + "; retrying", ex), null);
				}
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WAIT_SLICE_MILLIS));
			}
		}
		return null;
	}

	/** The value now; oversize and unreadable values are reported and count as absent. */
	private RegistryKeys.@Nullable Value read(HKEY key, InboundListener listener) {
		// a string's UTF-16 may take twice the bytes of its UTF-8: allow for it here and
		// check the message's own size after conversion
		RegistryKeys.Value now = RegistryKeys.read(key, this.value, RegistryValues.storedLimit(this.limit));
		if (now != null && now.data() == null) {
			oversize(now.size(), listener);
		}
		else if (now != null && !RegistryValues.isText(now.type()) && now.size() > this.limit) {
			oversize(now.size(), listener);
			return new RegistryKeys.Value(now.type(), now.size(), null);
		}
		return now;
	}

	private void oversize(int size, InboundListener listener) {
		listener
			.onError(ErrorReason.OVERSIZE,
					new IpcException(ErrorReason.OVERSIZE, "The value of " + address() + " (" + size
							+ " bytes) is larger than max-message-size (" + this.limit + " bytes); not delivered"),
					WRITER);
	}

	private boolean isNew(RegistryKeys.Value value) {
		return value.type() != this.lastType || !Arrays.equals(value.data(), this.lastData);
	}

	private void remember(RegistryKeys.Value value) {
		this.lastType = value.type();
		this.lastData = value.data();
	}

	private void deliver(RegistryKeys.Value value, InboundListener listener) {
		byte[] payload;
		try {
			payload = RegistryValues.toPayload(value.type(), value.data());
		}
		catch (IpcException ex) {
			listener.onError(ex.reason(), ex, WRITER);
			return;
		}
		if (payload.length > this.limit) {
			oversize(payload.length, listener);
			return;
		}
		try {
			listener.onMessage(payload, WRITER, InboundListener.Reply.NONE,
					Map.of("registryType", RegistryValues.typeName(value.type())));
		}
		catch (Exception ex) {
			listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex, WRITER);
		}
	}

	@Override
	public long failingSince() {
		return this.failingSince;
	}

	@Override
	public String address() {
		return this.path.display() + " value " + this.value;
	}

	@Override
	public void close() {
		this.closed = true;
		// the watcher sees the flag within a wait slice; the message in hand finishes
		// within the grace period
		Thread thread = this.watcher;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
