package io.ipcstarter.transport.dde;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import com.sun.jna.platform.win32.User32;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;

/**
 * One DDEML client instance and its conversation with {@code service|topic}. DDEML calls
 * and callbacks run on the instance's own thread, which pumps messages
 * ({@link DdemlUtil.StandaloneDdeClient}). Connecting broadcasts {@code WM_DDE_INITIATE}
 * to every top-level window with {@code SendMessage}, so one hung window stalls it: the
 * connect is waited for at most {@code send-timeout}, then the instance is dropped.
 * Callers serialize their transactions on this object: under Wine, concurrent
 * transactions on one conversation were seen to misbehave.
 */
final class DdeConversation implements AutoCloseable {

	private final EndpointSpec spec;

	private final DdeAddress address;

	private final IpcThreads connectors;

	private final IpcThreads closers;

	private DdemlUtil.@Nullable StandaloneDdeClient client;

	private DdemlUtil.@Nullable IDdeConnection connection;

	DdeConversation(EndpointSpec spec, DdeAddress address) {
		this.spec = spec;
		this.address = address;
		this.connectors = new IpcThreads(spec.name(), "dde-connect");
		this.closers = new IpcThreads(spec.name(), "dde-close");
	}

	/** The instance, made and initialized on first use. */
	synchronized DdemlUtil.StandaloneDdeClient client() throws IpcException {
		if (this.client == null) {
			DdemlUtil.StandaloneDdeClient made = new DdemlUtil.StandaloneDdeClient();
			try {
				made.initialize(Ddeml.APPCMD_CLIENTONLY);
			}
			catch (DdemlUtil.DdemlException ex) {
				closeQuietly(made);
				throw DdeErrors.of("Initializing DDEML for endpoint '" + this.spec.name() + "'", ex);
			}
			this.client = made;
		}
		return this.client;
	}

	/** The conversation, connected first when there is none. */
	synchronized DdemlUtil.IDdeConnection connection() throws IpcException {
		if (this.connection != null) {
			if (partnerAlive()) {
				return this.connection;
			}
			// the server ended the conversation (closed, restarted) or died since the
			// last call: connect anew rather than fail this call on a dead conversation
			abandon();
		}
		DdemlUtil.StandaloneDdeClient instance = client();
		CompletableFuture<DdemlUtil.IDdeConnection> connecting = new CompletableFuture<>();
		this.connectors.newThread(() -> {
			try {
				connecting.complete(instance.connect(this.address.service(), this.address.topic(), null));
			}
			catch (Throwable ex) {
				connecting.completeExceptionally(ex);
			}
		}).start();
		Duration timeout = this.spec.sendTimeout();
		try {
			this.connection = connecting.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
			return this.connection;
		}
		catch (TimeoutException ex) {
			// a hung top-level window holds the broadcast: this instance's thread is
			// stuck with it
			this.client = null;
			throw new IpcException(ErrorReason.TIMEOUT,
					"Connecting to DDE " + this.address + " took longer than " + Durations.simple(timeout)
							+ " (send-timeout): a top-level window does not answer WM_DDE_INITIATE");
		}
		catch (ExecutionException ex) {
			// a fresh instance for the next attempt: under Wine, an instance whose
			// partner died could not connect again
			close();
			if (ex.getCause() instanceof DdemlUtil.DdemlException dde) {
				IpcException failure = DdeErrors.of("Connecting to DDE " + this.address, dde);
				throw (failure.reason() == ErrorReason.PEER_REJECTED) ? new IpcException(ErrorReason.PEER_REJECTED,
						"No DDE server answers for " + this.address + " (service '" + this.address.service()
								+ "', topic '" + this.address.topic() + "')",
						dde) : failure;
			}
			throw new IpcException(ErrorReason.IO, "Connecting to DDE " + this.address + " failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IpcException(ErrorReason.IO, "Interrupted while connecting to DDE " + this.address, ex);
		}
	}

	/** After a failure that ended the conversation: the next call connects anew. */
	synchronized void lost() {
		DdemlUtil.IDdeConnection gone = this.connection;
		this.connection = null;
		if (gone != null) {
			try {
				gone.close();
			}
			catch (RuntimeException ex) {
				// already gone on the other side
			}
		}
	}

	/**
	 * Turn a DDEML failure into ours. Unless the server only refused the transaction
	 * ({@code DMLERR_NOTPROCESSED}), the conversation and its instance are dropped, and
	 * the next call starts afresh: a timed-out transaction may still be pending on the
	 * conversation, and under Wine an instance whose partner died could not connect
	 * again.
	 */
	IpcException failed(String what, DdemlUtil.DdemlException ex) {
		if (ex.getErrorCode() != DdeErrors.DMLERR_NOTPROCESSED) {
			abandon();
		}
		return DdeErrors.of(what + " on DDE " + this.address, ex);
	}

	/**
	 * Drop the conversation and its instance now, and end them on a thread of their own
	 * ({@code ipc-<name>-dde-close-N}): ending a conversation waits for the partner to
	 * acknowledge (Wine's {@code DdeDisconnect} waits up to 10 s), and a partner that
	 * timed out is likely still busy, so the caller would wait far past its timeout.
	 */
	private synchronized void abandon() {
		DdemlUtil.IDdeConnection gone = this.connection;
		DdemlUtil.StandaloneDdeClient instance = this.client;
		this.connection = null;
		this.client = null;
		if (gone == null && instance == null) {
			return;
		}
		this.closers.newThread(() -> {
			if (gone != null) {
				try {
					gone.close();
				}
				catch (RuntimeException closing) {
					// already gone on the other side
				}
			}
			if (instance != null) {
				closeQuietly(instance);
			}
		}).start();
	}

	/**
	 * Whether the conversation still has a live partner: DDEML says it is connected and
	 * the partner's window exists. Under Wine a server that is killed sends no
	 * {@code WM_DDE_TERMINATE}, so no disconnect is reported; its windows are gone
	 * though.
	 */
	synchronized boolean partnerAlive() {
		DdemlUtil.IDdeConnection current = this.connection;
		if (current == null) {
			return false;
		}
		try {
			Ddeml.CONVINFO info = current.queryConvInfo(Ddeml.QID_SYNC);
			return (info.wStatus & Ddeml.ST_CONNECTED) != 0 && info.hwndPartner != null
					&& User32.INSTANCE.IsWindow(info.hwndPartner);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	DdeAddress address() {
		return this.address;
	}

	@Override
	public synchronized void close() {
		lost();
		if (this.client != null) {
			closeQuietly(this.client);
			this.client = null;
		}
	}

	private static void closeQuietly(DdemlUtil.StandaloneDdeClient client) {
		try {
			client.close();
		}
		catch (IOException | RuntimeException ex) {
			// closing: nothing left to do
		}
	}

}
