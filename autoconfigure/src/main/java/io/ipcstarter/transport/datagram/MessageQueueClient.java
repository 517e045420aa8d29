package io.ipcstarter.transport.datagram;

import java.io.IOException;

import com.sun.jna.Native;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixMessageQueueCalls;
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
 * here, before it is sent. Per message, a send copies the payload once into native memory
 * that it reuses ({@link MessageQueueSendBuffers}), takes no lock and calls the
 * direct-mapped {@code mq_timedsend}.
 */
final class MessageQueueClient implements IpcClient {

	private final EndpointSpec spec;

	private final MessageQueueOptions options;

	private final int limit;

	private final Object lock = new Object();

	/** One per client, so close() frees what its sends used. */
	private final MessageQueueSendBuffers buffers = new MessageQueueSendBuffers(
			Math.max(4, Runtime.getRuntime().availableProcessors()));

	private volatile @Nullable MessageQueue queue;

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
		MessageQueueSendBuffers.Buffer buffer = this.buffers.take(payload.length);
		try {
			buffer.message.write(0, payload, 0, payload.length);
			MessageQueue.deadline(buffer.deadline, this.spec.sendTimeout().toMillis());
			while (PosixMessageQueueCalls.mq_timedsend(q.descriptor(), buffer.message, payload.length,
					this.options.getPriority(), buffer.deadline) != 0) {
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
				throw new IpcException(ErrorReason.IO, "mq_timedsend to " + q.name() + " failed: "
						+ PosixMessageQueues.get().strerror(errno) + " (errno " + errno + ")");
			}
		}
		finally {
			this.buffers.put(buffer);
		}
	}

	private MessageQueue queue() throws IOException {
		// no lock once open: a close while a send is in flight is the endpoint's to
		// prevent (close())
		MessageQueue open = this.queue;
		if (open != null && !this.closed) {
			return open;
		}
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
		this.buffers.close();
	}

}
