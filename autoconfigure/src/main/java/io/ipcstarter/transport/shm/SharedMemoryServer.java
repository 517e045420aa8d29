package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.Peer;

import static io.ipcstarter.transport.shm.RingLayout.REQUEST_PREFIX_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_MESSAGE;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REQUEST;

/**
 * The consumer of a ring ({@code inbound}, {@code inbound-gateway}): opens or creates the
 * ring, claims its consumer slot, and reads it on one thread. A gateway writes each reply
 * into the reply ring the request names.
 * <p>
 * The ring outlives the server: what producers write while no consumer runs waits in the
 * ring, and a restarted server resumes at the head the previous one left.
 */
final class SharedMemoryServer implements IpcServer {

	private static final int POLL_LIMIT = 256;

	private final EndpointSpec spec;

	private final SharedMemoryOptions options;

	private final RingAddress address;

	private final Thread thread;

	private final Peer peer;

	private @Nullable RingMemory memory;

	private @Nullable RingBuffer ring;

	/**
	 * The read-only view of the ring each payload is shown through (a listener cannot
	 * write into the ring), moved over each record in turn: one per server, used by its
	 * reader thread only.
	 */
	private @Nullable ByteBuffer view;

	private @Nullable ReplyRings replies;

	private volatile @Nullable InboundListener listener;

	private volatile boolean running;

	/**
	 * Guards the mapping against a scrape reading it while {@link #close()} unmaps it.
	 */
	private final Object mappingLock = new Object();

	/** Whether the mapping is open; read and written under {@link #mappingLock}. */
	private boolean mapped;

	SharedMemoryServer(EndpointSpec spec, SharedMemoryOptions options, RingAddress address) {
		this.spec = spec;
		this.options = options;
		this.address = address;
		this.peer = Peer.of("shm:" + address.describe());
		this.thread = new IpcThreads(spec.name(), "ring", false).newThread(this::readLoop);
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		int capacity = this.options.capacityBytes();
		this.memory = this.address.mapper()
			.openOrCreate(this.address.location(), RingLayout.HEADER_LENGTH + capacity, this.spec.permissions(),
					region -> RingBuffer.initialize(region, capacity));
		try {
			this.ring = RingBuffer.attach(this.memory.buffer(), capacity, this.address.describe());
			this.view = this.ring.buffer().asReadOnlyBuffer();
			ConsumerSlot.claim(this.ring, this.address);
		}
		catch (IOException | RuntimeException ex) {
			this.memory.close();
			throw ex;
		}
		if (this.spec.role().isGateway()) {
			this.replies = new ReplyRings(this.spec, this.options, this.address);
		}
		this.listener = listener;
		this.running = true;
		synchronized (this.mappingLock) {
			this.mapped = true;
		}
		this.thread.start();
	}

	private void readLoop() {
		RingConsumer consumer = new RingConsumer(this.ring, this.spec.maxMessageSize(),
				this.options.getUnblockTimeout().toNanos(), this.address.describe());
		IdleStrategy.Idler idler = this.options.getIdleStrategy().newIdler(this.options.getMaxPark().toNanos());
		RingConsumer.Handler handler = this.spec.role().isGateway() ? new RequestHandler() : new MessageHandler();
		while (this.running) {
			if (consumer.poll(handler, POLL_LIMIT) > 0) {
				idler.reset();
			}
			else {
				idler.idle();
			}
		}
	}

	@Override
	public int peerCount() {
		ReplyRings replies = this.replies;
		return (replies != null) ? replies.size() : 0;
	}

	@Override
	public String address() {
		return this.address.describe();
	}

	/**
	 * Bytes written into the ring that the consumer has not handled yet (the record in
	 * hand included: the handled word moves past a record only once it is handled; the
	 * head may stay a little behind it, see {@link RingConsumer}). Handled first, then
	 * tail: the tail is never behind a position read before it.
	 */
	@Override
	public long backlog() {
		synchronized (this.mappingLock) {
			if (!this.mapped) {
				return -1;
			}
			long handled = this.ring.handledPosition();
			long unread = this.ring.tail() - handled;
			return Math.max(0, Math.min(unread, this.ring.capacity()));
		}
	}

	@Override
	public void close() {
		boolean wasRunning = this.running;
		this.running = false;
		if (wasRunning) {
			try {
				this.thread.join();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return; // the reader may still use the mapping: leave it mapped
			}
			ConsumerSlot.release(this.ring, this.address);
			if (this.replies != null) {
				this.replies.close();
			}
			synchronized (this.mappingLock) {
				this.mapped = false;
				this.memory.close();
			}
		}
	}

	/** The view over {@code length} bytes at a data index. */
	private ByteBuffer show(int index, int length) {
		int at = RingLayout.HEADER_LENGTH + index;
		// limit first: the new position may lie past the old limit
		return this.view.limit(at + length).position(at);
	}

	/**
	 * One-way messages: hand each payload over in place; a listener that needs an array
	 * of its own gets one from {@link InboundListener}'s default (the one copy a message
	 * then costs).
	 */
	private final class MessageHandler implements RingConsumer.Handler {

		@Override
		public void onRecord(RingBuffer ring, int type, int bodyIndex, int bodyLength) throws Exception {
			if (type != TYPE_MESSAGE) {
				onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE, "Skipped a record of type " + type
						+ " in " + address() + ": a one-way inbound endpoint reads only messages (type 1)"));
				return;
			}
			SharedMemoryServer.this.listener.onMessage(show(bodyIndex, bodyLength), SharedMemoryServer.this.peer,
					InboundListener.Reply.NONE);
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause) {
			SharedMemoryServer.this.listener.onError(reason, cause, SharedMemoryServer.this.peer);
		}

	}

	/**
	 * Requests: find the reply ring, hand the request over in place with a way back,
	 * answer a failure with an error reply.
	 */
	private final class RequestHandler implements RingConsumer.Handler {

		@Override
		public void onRecord(RingBuffer ring, int type, int bodyIndex, int bodyLength) throws Exception {
			if (type != TYPE_REQUEST) {
				onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE, "Skipped a record of type " + type
						+ " in " + address() + ": an inbound gateway reads only requests (type 3)"));
				return;
			}
			long replyId = ring.longAt(bodyIndex);
			long correlation = ring.longAt(bodyIndex + 8);
			ByteBuffer payload = show(bodyIndex + REQUEST_PREFIX_LENGTH, bodyLength - REQUEST_PREFIX_LENGTH);
			ReplyRings.Target target = SharedMemoryServer.this.replies.target(replyId);
			ReplyRings.Reply reply = new ReplyRings.Reply(target, correlation);
			try {
				SharedMemoryServer.this.listener.onMessage(payload, target.peer(), reply);
			}
			catch (Exception ex) {
				if (!reply.sent()) {
					// the caller would otherwise wait for its reply-timeout
					String why = String.valueOf(ex.getMessage());
					target.send(RingLayout.TYPE_REPLY_ERROR, correlation,
							why.substring(0, Math.min(why.length(), 500)).getBytes(StandardCharsets.UTF_8));
				}
				throw ex;
			}
		}

		@Override
		public void onOversize(RingBuffer ring, int type, int bodyIndex, IpcException error) {
			onError(ErrorReason.OVERSIZE, error);
			if (type == TYPE_REQUEST) {
				try {
					SharedMemoryServer.this.replies.target(ring.longAt(bodyIndex))
						.send(RingLayout.TYPE_REPLY_ERROR, ring.longAt(bodyIndex + 8),
								error.getMessage().getBytes(StandardCharsets.UTF_8));
				}
				catch (IOException ex) {
					onError(IpcException.reasonOf(ex), ex);
				}
			}
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause) {
			SharedMemoryServer.this.listener.onError(reason, cause, SharedMemoryServer.this.peer);
		}

	}

}
