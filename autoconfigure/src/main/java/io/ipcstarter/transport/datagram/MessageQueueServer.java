package io.ipcstarter.transport.datagram;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixMessageQueueCalls;
import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The inbound side of {@code message-queue}: the queue opened for reading (created if
 * missing) and one thread ({@code ipc-<name>-mq-1}, not a daemon: a listening endpoint
 * keeps the JVM alive) that takes each message, the oldest of the highest priority first,
 * and reports it with its priority as the attribute {@code priority}. The thread waits in
 * {@code mq_timedreceive} in slices of {@link #SLICE_MILLIS}, so a stop is prompt; the
 * message in hand finishes first (within {@link IpcTransport#DRAIN_TIMEOUT}). Other
 * readers of the same queue compete for its messages: each message goes to one of them.
 * The queue is left in place on stop, with whatever waits in it. Per message, the thread
 * calls the direct-mapped {@code mq_timedreceive} into native memory it allocated once,
 * and allocates only the message's {@code byte[]}.
 */
final class MessageQueueServer implements IpcServer {

	/**
	 * How long one wait for a message lasts before the thread checks whether it should
	 * stop.
	 */
	static final long SLICE_MILLIS = 100;

	private final EndpointSpec spec;

	private final MessageQueueOptions options;

	private final int limit;

	private volatile @Nullable MessageQueue queue;

	private volatile @Nullable Thread receiver;

	private volatile boolean closed;

	MessageQueueServer(EndpointSpec spec, MessageQueueOptions options) {
		this.spec = spec;
		this.options = options;
		this.limit = MessageQueue.limit(spec);
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "The message-queue server of " + this.spec + " is closed");
		}
		MessageQueue q = MessageQueue.open(this.spec, this.options.getMaxMessages(), true);
		this.queue = q;
		Thread thread = new IpcThreads(this.spec.name(), "mq", false).newThread(() -> receive(q, listener));
		this.receiver = thread;
		thread.start();
	}

	private void receive(MessageQueue q, InboundListener listener) {
		// mq_timedreceive refuses a buffer smaller than the queue's message size,
		// whatever our own limit
		long size = q.messageSize();
		// the kernel does not say who sent a message
		Peer peer = Peer.of("mq:" + q.name());
		// one attribute map per priority seen in a row, not one per message (it is
		// immutable)
		Map<String, Object> attributes = Map.of("priority", 0);
		int lastPriority = 0;
		try (Memory buffer = new Memory(Math.max(1, size));
				Memory priority = new Memory(4);
				Memory deadline = new Memory(PosixMessageQueues.TIMESPEC_SIZE)) {
			while (!this.closed) {
				MessageQueue.deadline(deadline, SLICE_MILLIS);
				long n = PosixMessageQueueCalls.mq_timedreceive(q.descriptor(), buffer, size, priority, deadline);
				if (n < 0) {
					int errno = Native.getLastError();
					if (errno == PosixMessageQueues.ETIMEDOUT || errno == PosixMessageQueues.EINTR) {
						continue;
					}
					if (this.closed) {
						return;
					}
					listener.onError(ErrorReason.IO,
							new IpcException(ErrorReason.IO,
									"mq_timedreceive on " + q.name() + " failed: "
											+ PosixMessageQueues.get().strerror(errno) + " (errno " + errno + ")"),
							null);
					sleepAfterFailure();
					continue;
				}
				if (n > this.limit) {
					listener
						.onError(ErrorReason.OVERSIZE,
								new IpcException(ErrorReason.OVERSIZE, "A message of " + n + " bytes in " + q.name()
										+ " is larger than max-message-size (" + this.limit + " bytes); dropped"),
								peer);
					continue;
				}
				byte[] payload = buffer.getByteArray(0, (int) n);
				int prio = priority.getInt(0);
				if (prio != lastPriority) {
					attributes = Map.of("priority", prio);
					lastPriority = prio;
				}
				try {
					listener.onMessage(payload, peer, InboundListener.Reply.NONE, attributes);
				}
				catch (Exception ex) {
					listener.onError((ex instanceof IOException) ? IpcException.reasonOf(ex) : ErrorReason.HANDLER, ex,
							peer);
				}
			}
		}
		finally {
			// closed here, by the only thread that uses the descriptor, when a stop did
			// not wait for it to end
			q.close();
		}
	}

	/**
	 * A receive that fails for another reason than a timeout would fail again at once: do
	 * not spin on it.
	 */
	private void sleepAfterFailure() {
		try {
			Thread.sleep(SLICE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Messages waiting in the queue ({@code mq_curmsgs}); -1 before start or once closed.
	 */
	@Override
	public long backlog() {
		MessageQueue q = this.queue;
		return (q != null && !this.closed) ? q.currentMessages() : -1;
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	@Override
	public void close() {
		this.closed = true;
		// the message in hand finishes within the grace period; the thread sees the flag
		// within a slice
		Thread thread = this.receiver;
		if (thread != null && thread != Thread.currentThread()) {
			try {
				thread.join(TimeUnit.MILLISECONDS.convert(IpcTransport.DRAIN_TIMEOUT));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		// a handler still busy after the grace period keeps the descriptor until it
		// returns, so its next receive never meets a descriptor number that the process
		// has meanwhile given to another file or queue
		MessageQueue q = this.queue;
		if (q != null && (thread == null || !thread.isAlive())) {
			q.close();
		}
	}

}
