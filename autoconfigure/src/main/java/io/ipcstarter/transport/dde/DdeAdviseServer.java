package io.ipcstarter.transport.dde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.sun.jna.platform.win32.Ddeml;
import com.sun.jna.platform.win32.DdemlUtil;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.Peer;

/**
 * The {@code inbound} role of {@code dde}: a client that keeps a hot advise loop
 * ({@code XTYP_ADVSTART}) on {@code dde.item} and delivers each change of it with the
 * attribute {@code ddeItem}. A thread of its own ({@code ipc-<name>-dde-1}, not a daemon)
 * connects, starts the loop and, when the server goes away (the conversation ends),
 * reports it and connects again with back-off from {@code reconnect.initial-interval} to
 * {@code reconnect.max-interval}.
 */
final class DdeAdviseServer implements IpcServer {

	private final EndpointSpec spec;

	private final DdeAddress address;

	private final DdeData data;

	private final String item;

	private final Peer peer;

	private volatile boolean closed;

	private volatile @Nullable CountDownLatch ended;

	private @Nullable Thread thread;

	DdeAdviseServer(EndpointSpec spec, DdeAddress address, DdeData data, String item) {
		this.spec = spec;
		this.address = address;
		this.data = data;
		this.item = item;
		this.peer = Peer.of("dde:" + address + "!" + item);
	}

	@Override
	public synchronized void start(InboundListener listener) throws IOException {
		if (this.thread != null) {
			throw new IpcException(ErrorReason.IO, "The DDE advise loop of " + this.spec + " is started");
		}
		int format = this.data.id();
		Thread loop = new IpcThreads(this.spec.name(), "dde", false).newThread(() -> run(listener, format));
		this.thread = loop;
		loop.start();
	}

	private void run(InboundListener listener, int format) {
		long backoff = this.spec.reconnectInitialInterval().toMillis();
		while (!this.closed) {
			DdeConversation conv = new DdeConversation(this.spec, this.address);
			CountDownLatch end = new CountDownLatch(1);
			this.ended = end;
			try {
				DdemlUtil.StandaloneDdeClient client = conv.client();
				client.registerAdvdataHandler((type, fmt, hconv, topic, changed, value) -> {
					if (!DdeData.sameFormat(fmt, format) || value == null) {
						return Ddeml.DDE_FNOTPROCESSED;
					}
					try {
						byte[] payload = this.data.decode(client, value, this.spec.maxMessageSize());
						listener.onMessage(payload, this.peer, InboundListener.Reply.NONE,
								Map.of(DdeServer.ITEM, this.item));
					}
					catch (Exception ex) {
						listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER,
								ex, this.peer);
					}
					// taken, even when it was bad: the next change comes
					return Ddeml.DDE_FACK;
				});
				client.registerDisconnectHandler((type, hconv, sameInstance) -> end.countDown());
				DdemlUtil.IDdeConnection connection = conv.connection();
				synchronized (conv) {
					// the format sign-extended: DDEML finds the loop of each change by
					// the
					// format the data carries, a short that Wine 8 widens (0xFFFFC0xx for
					// a
					// registered format), and dropped every change of a loop started with
					// 0xC0xx unseen; formats are 16-bit, so only the low bits mean
					// anything
					connection.advstart(this.item, (short) format,
							(int) Math.min(Integer.MAX_VALUE, this.spec.sendTimeout().toMillis()), null, null);
				}
				backoff = this.spec.reconnectInitialInterval().toMillis();
				int waits = 0;
				while (!this.closed && !end.await(100, TimeUnit.MILLISECONDS)) {
					// the conversation lives until the server goes or we close; a killed
					// server says nothing, so its window is looked at every half second
					if (++waits % 5 == 0 && !conv.partnerAlive()) {
						break;
					}
				}
				if (!this.closed) {
					listener.onError(ErrorReason.IO,
							new IpcException(ErrorReason.IO,
									"The DDE server " + this.address + " ended the conversation; connecting again"),
							this.peer);
				}
			}
			catch (IpcException ex) {
				if (!this.closed) {
					listener.onError(ex.reason(), ex, this.peer);
				}
			}
			catch (DdemlUtil.DdemlException ex) {
				if (!this.closed) {
					listener.onError(DdeErrors.reason(ex.getErrorCode()),
							DdeErrors.of("Starting the advise loop on item '" + this.item + "'", ex), this.peer);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				conv.close();
			}
			if (!this.closed) {
				sleep(backoff);
				backoff = Math.min(backoff * 2, this.spec.reconnectMaxInterval().toMillis());
			}
		}
	}

	private void sleep(long millis) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
		while (!this.closed && System.nanoTime() - deadline < 0) {
			try {
				// a pause of back-off, cut short by close
				Thread.sleep(Math.min(50, millis));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public String address() {
		return "dde:" + this.address + "!" + this.item;
	}

	@Override
	public void close() {
		this.closed = true;
		CountDownLatch end = this.ended;
		if (end != null) {
			end.countDown();
		}
		Thread loop;
		synchronized (this) {
			loop = this.thread;
		}
		if (loop != null && loop != Thread.currentThread()) {
			try {
				loop.join(TimeUnit.SECONDS.toMillis(10));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

}
