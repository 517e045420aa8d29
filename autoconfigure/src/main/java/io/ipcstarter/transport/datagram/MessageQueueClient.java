package io.ipcstarter.transport.datagram;

import java.io.IOException;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code message-queue}: the queue opened for writing on the first
 * send (created if missing, so a message sent before any reader started waits for one)
 * and every message sent with {@code mq_timedsend} at the endpoint's priority. A send
 * returns once the kernel holds the message; while the queue is full it waits up to
 * {@code send-timeout}, then fails with {@link ErrorReason#TIMEOUT}. A message larger
 * than the queue's message size or the endpoint's {@code max-message-size} is refused
 * here, before it is sent.
 */
final class MessageQueueClient implements IpcClient {

	private final EndpointSpec spec;

	private final MessageQueueOptions options;

	private final int limit;

	private final Object lock = new Object();

	private @Nullable MessageQueue queue;

	private volatile boolean closed;

	MessageQueueClient(EndpointSpec spec, MessageQueueOptions options) {
		this.spec = spec;
		this.options = options;
		this.limit = MessageQueue.limit(spec);
	}

	@Override
	public void send(byte[] payload) throws IOException {
		MessageQueue q = queue();
		long max = Math.min(this.limit, q.messageSize());
		if (payload.length > max) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + payload.length + " bytes is larger than "
							+ ((max < this.limit) ? "the message size of queue " + q.name() + " (" + max + " bytes)"
									: "max-message-size (" + max + " bytes)")
							+ " and is not sent by endpoint '" + this.spec.name() + "'");
		}
		PosixMessageQueues mq = PosixMessageQueues.get();
		try (Memory deadline = new Memory(PosixMessageQueues.TIMESPEC_SIZE)) {
			MessageQueue.deadline(deadline, this.spec.sendTimeout().toMillis());
			while (mq.mq_timedsend(q.descriptor(), payload, payload.length, this.options.getPriority(),
					deadline) != 0) {
				int errno = Native.getLastError();
				if (errno == PosixMessageQueues.EINTR) {
					continue;
				}
				if (errno == PosixMessageQueues.ETIMEDOUT) {
					throw new IpcException(ErrorReason.TIMEOUT,
							"Message queue " + q.name() + " stayed full (" + q.maxMessages()
									+ " messages) for send-timeout " + Durations.simple(this.spec.sendTimeout())
									+ ": nobody reads it fast enough");
				}
				checkOpen();
				throw new IpcException(ErrorReason.IO,
						"mq_timedsend to " + q.name() + " failed: " + mq.strerror(errno) + " (errno " + errno + ")");
			}
		}
	}

	private MessageQueue queue() throws IOException {
		synchronized (this.lock) {
			checkOpen();
			MessageQueue q = this.queue;
			if (q == null) {
				q = MessageQueue.open(this.spec, this.options.getMaxMessages(), false);
				this.queue = q;
			}
			return q;
		}
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		throw new IpcException(ErrorReason.UNSUPPORTED,
				"Transport message-queue is one-way: endpoint '" + this.spec.name() + "' cannot make requests");
	}

	private void checkOpen() throws IpcException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO,
					"The message-queue client of endpoint '" + this.spec.name() + "' is closed");
		}
	}

	@Override
	public String address() {
		return this.spec.address();
	}

	/**
	 * Sends in flight end first: the outbound endpoint's stop waits for them before it
	 * closes the client.
	 */
	@Override
	public void close() {
		this.closed = true;
		synchronized (this.lock) {
			if (this.queue != null) {
				this.queue.close();
				this.queue = null;
			}
		}
	}

}
