package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BadInputLog;
import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;

import static io.ipcstarter.transport.shm.RingLayout.REPLY_PREFIX_LENGTH;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_MESSAGE;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REPLY;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REPLY_ERROR;
import static io.ipcstarter.transport.shm.RingLayout.TYPE_REQUEST;

/**
 * A producer into a ring ({@code outbound}, {@code outbound-gateway}). It opens the ring
 * lazily, waiting for its consumer to create it within {@code send-timeout}. A gateway
 * also creates its own reply ring next to the request ring ({@code <ring>.reply-<id>},
 * the id being this process's pid and a counter) and names it in every request.
 * <p>
 * No thread of its own: a gateway caller reads the reply ring itself while it waits, and
 * hands replies meant for other callers to them (one reader at a time, under a lock). A
 * caller alone takes the {@link #solo} slot instead of registering in the map of pending
 * calls: the common case of one calling thread then costs no map updates.
 */
final class SharedMemoryClient implements IpcClient {

	private static final System.Logger logger = System.getLogger(SharedMemoryClient.class.getName());

	private static final AtomicInteger REPLY_RINGS = new AtomicInteger();

	private static final VarHandle SOLO;

	static {
		try {
			SOLO = MethodHandles.lookup().findVarHandle(SharedMemoryClient.class, "solo", Pending.class);
		}
		catch (ReflectiveOperationException ex) {
			throw new ExceptionInInitializerError(ex);
		}
	}

	/**
	 * Empty looks at the reply ring between two readings of the clock while the idle
	 * strategy spins (a power of two): a clock read costs about as much as a look, and
	 * the reply-timeout is never that tight.
	 */
	private static final int CLOCK_CHECK_INTERVAL = 64;

	private final EndpointSpec spec;

	private final SharedMemoryOptions options;

	private final RingAddress address;

	private final Object attachLock = new Object();

	private final ReentrantLock replyReader = new ReentrantLock();

	/**
	 * Callers waiting for a reply, by correlation id, while another caller holds
	 * {@link #solo}.
	 */
	private final Map<Long, Pending> pending = new ConcurrentHashMap<>();

	/**
	 * The caller waiting for a reply when it was the only one as it sent its request, or
	 * {@code null}.
	 */
	private volatile @Nullable Pending solo;

	private final AtomicLong correlations = new AtomicLong();

	private volatile @Nullable RingMemory requestMemory;

	private volatile @Nullable RingProducer producer;

	private @Nullable RingMemory replyMemory;

	private @Nullable RingBuffer replyRing;

	private @Nullable RingAddress replyAddress;

	private @Nullable RingConsumer replyConsumer;

	private long replyId;

	private final ReplyDispatcher dispatcher = new ReplyDispatcher();

	/**
	 * Bad records in the reply ring are the server's doing: logged a bounded number of
	 * times.
	 */
	private final BadInputLog badReplies;

	private volatile boolean closed;

	SharedMemoryClient(EndpointSpec spec, SharedMemoryOptions options, RingAddress address) {
		this.spec = spec;
		this.options = options;
		this.address = address;
		this.badReplies = new BadInputLog(spec.name());
	}

	@Override
	public void send(byte[] payload) throws IOException {
		producer().write(TYPE_MESSAGE, 0, 0, 0, payload, this.spec.sendTimeout());
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		RingProducer producer = producer();
		Pending mine = new Pending(Thread.currentThread(), this.correlations.incrementAndGet());
		boolean alone = SOLO.compareAndSet(this, null, mine);
		if (!alone) {
			this.pending.put(mine.correlation, mine);
		}
		try {
			producer.write(TYPE_REQUEST, 2, this.replyId, mine.correlation, payload, this.spec.sendTimeout());
			return awaitReply(mine);
		}
		finally {
			if (alone) {
				SOLO.setRelease(this, null);
			}
			else {
				this.pending.remove(mine.correlation);
			}
		}
	}

	/**
	 * Reads the reply ring (when no other caller does) until this caller's reply is
	 * there. The reply-timeout counts from the first look that finds nothing; the clock
	 * is read on every wait that yields or parks, and on every
	 * {@value #CLOCK_CHECK_INTERVAL}th that spins.
	 */
	private byte[] awaitReply(Pending mine) throws IOException {
		IdleStrategy.Idler idler = this.options.getIdleStrategy().newIdler(this.options.getMaxPark().toNanos());
		long deadline = 0;
		int looks = 0;
		while (mine.reply == null && mine.error == null) {
			if (this.replyReader.tryLock()) {
				try {
					if (this.closed) {
						throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is stopped");
					}
					if (this.replyConsumer.poll(this.dispatcher, 64) > 0) {
						idler.reset();
						continue;
					}
				}
				finally {
					this.replyReader.unlock();
				}
			}
			if (deadline == 0) {
				deadline = System.nanoTime() + this.spec.replyTimeout().toNanos();
			}
			IdleStrategy.Wait waited = idler.idle();
			if ((waited != IdleStrategy.Wait.SPIN || (++looks & (CLOCK_CHECK_INTERVAL - 1)) == 0)
					&& System.nanoTime() - deadline >= 0) {
				throw new IpcException(ErrorReason.TIMEOUT, "No reply from " + this.address + " within reply-timeout "
						+ Durations.simple(this.spec.replyTimeout()));
			}
		}
		if (mine.error != null) {
			throw new IpcException(ErrorReason.HANDLER,
					"The peer at " + this.address + " failed to handle the request: " + mine.error);
		}
		return mine.reply;
	}

	/**
	 * The producer into the request ring, opening it (and for a gateway, creating the
	 * reply ring) on first use.
	 */
	private RingProducer producer() throws IOException {
		RingProducer current = this.producer;
		if (current != null && !this.closed) {
			// closed is checked too: a closed Windows view is unmapped, writing to it
			// would crash
			return current;
		}
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		synchronized (this.attachLock) {
			if (this.closed) {
				throw new IpcException(ErrorReason.IO, "Endpoint '" + this.spec.name() + "' is stopped");
			}
			if (this.producer == null) {
				if (this.spec.role().isGateway()) {
					createReplyRing();
				}
				this.producer = attach(deadline);
			}
			return this.producer;
		}
	}

	private RingProducer attach(long deadline) throws IOException {
		long backoff = this.spec.reconnectInitialInterval().toNanos();
		int capacity = this.options.capacityBytes();
		while (true) {
			RingMemory memory = this.address.mapper().openExisting(this.address.location());
			if (memory != null) {
				if (isInitialised(memory)) {
					try {
						RingBuffer ring = RingBuffer.attach(memory.buffer(), capacity, this.address.describe());
						this.requestMemory = memory;
						return new RingProducer(ring, this.options, this.address.describe());
					}
					catch (IOException | RuntimeException ex) {
						memory.close();
						throw ex;
					}
				}
				// a Windows mapping between creation and initialisation: look again
				memory.close();
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new IpcException(ErrorReason.TIMEOUT,
						"No shared-memory ring at " + this.address + " within " + "send-timeout "
								+ Durations.simple(this.spec.sendTimeout()) + ": is its inbound endpoint started?");
			}
			LockSupport.parkNanos(Math.min(backoff, left));
			backoff = Math.min(backoff * 2, this.spec.reconnectMaxInterval().toNanos());
		}
	}

	private static boolean isInitialised(RingMemory memory) {
		return memory.buffer().capacity() >= 8 && (long) RingBuffer.LONG.getAcquire(memory.buffer(), 0) != 0;
	}

	private void createReplyRing() throws IOException {
		long pid = ProcessHandle.current().pid();
		this.replyId = (pid << 32) | (REPLY_RINGS.incrementAndGet() & 0xFFFFFFFFL);
		this.replyAddress = this.address.replyRing(this.replyId);
		sweepStaleReplyRings();
		// a leftover with our id belonged to a dead process that had our pid: its replies
		// are not ours
		this.replyAddress.mapper().delete(this.replyAddress.location());
		int capacity = this.options.capacityBytes();
		RingMemory memory = this.replyAddress.mapper()
			.openOrCreate(this.replyAddress.location(), RingLayout.HEADER_LENGTH + capacity, this.spec.permissions(),
					region -> RingBuffer.initialize(region, capacity));
		try {
			this.replyRing = RingBuffer.attach(memory.buffer(), capacity, this.replyAddress.describe());
			ConsumerSlot.claim(this.replyRing, this.replyAddress);
		}
		catch (IOException | RuntimeException ex) {
			memory.close();
			throw ex;
		}
		this.replyMemory = memory;
		this.replyConsumer = new RingConsumer(this.replyRing, this.spec.maxMessageSize(),
				this.options.getUnblockTimeout().toNanos(), this.replyAddress.describe());
	}

	/**
	 * Reply ring files of clients that died without closing (a named mapping vanishes by
	 * itself).
	 */
	private void sweepStaleReplyRings() {
		if (!(this.address.mapper() instanceof MappedFileRingMapper)) {
			return;
		}
		java.nio.file.Path ring = java.nio.file.Path.of(this.address.location());
		String prefix = ring.getFileName() + ".reply-";
		try (var files = java.nio.file.Files.list(ring.toAbsolutePath().getParent())) {
			files.map(p -> p.getFileName().toString())
				.filter(n -> n.startsWith(prefix) && n.length() == prefix.length() + 16)
				.filter(n -> !ConsumerSlot.isAlive(Long.parseUnsignedLong(n.substring(prefix.length()), 16) >>> 32))
				.forEach(n -> this.address.mapper().delete(ring.resolveSibling(n).toString()));
		}
		catch (IOException | RuntimeException ex) {
			logger.log(System.Logger.Level.DEBUG, "Could not sweep stale reply rings of " + ring, ex);
		}
	}

	@Override
	public int peerCount() {
		return (this.producer != null) ? 1 : 0;
	}

	@Override
	public String address() {
		return this.address.describe();
	}

	@Override
	public void close() {
		synchronized (this.attachLock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
		}
		String heldBack = this.badReplies.summary();
		if (heldBack != null) {
			logger.log(System.Logger.Level.WARNING, heldBack);
		}
		this.pending.values().forEach(p -> LockSupport.unpark(p.thread));
		Pending alone = this.solo;
		if (alone != null) {
			LockSupport.unpark(alone.thread);
		}
		if (this.replyRing != null) {
			// wait for a caller reading the reply ring to let go of it before unmapping
			boolean locked = false;
			try {
				locked = this.replyReader.tryLock(IpcTransport.DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			if (locked) {
				try {
					ConsumerSlot.release(this.replyRing, this.replyAddress);
					this.replyAddress.mapper().delete(this.replyAddress.location());
					this.replyMemory.close();
				}
				finally {
					this.replyReader.unlock();
				}
			}
		}
		RingMemory memory = this.requestMemory;
		if (memory != null) {
			memory.close();
		}
	}

	/** A caller waiting for its reply. */
	private static final class Pending {

		final Thread thread;

		final long correlation;

		volatile byte @Nullable [] reply;

		volatile @Nullable String error;

		Pending(Thread thread, long correlation) {
			this.thread = thread;
			this.correlation = correlation;
		}

	}

	/**
	 * Hands each reply to the caller waiting for it; a reply nobody waits for any more
	 * (timed out) is dropped.
	 */
	private final class ReplyDispatcher implements RingConsumer.Handler {

		@Override
		public void onRecord(RingBuffer ring, int type, int bodyIndex, int bodyLength) {
			if (type != TYPE_REPLY && type != TYPE_REPLY_ERROR) {
				onError(ErrorReason.DECODE, new IpcException(ErrorReason.DECODE,
						"Skipped a record of type " + type + " in reply ring " + SharedMemoryClient.this.replyAddress));
				return;
			}
			long correlation = ring.longAt(bodyIndex);
			Pending waiting = SharedMemoryClient.this.solo;
			if (waiting == null || waiting.correlation != correlation) {
				waiting = SharedMemoryClient.this.pending.get(correlation);
			}
			if (waiting == null) {
				return;
			}
			byte[] bytes = ring.copy(bodyIndex + REPLY_PREFIX_LENGTH, bodyLength - REPLY_PREFIX_LENGTH);
			if (type == TYPE_REPLY) {
				waiting.reply = bytes;
			}
			else {
				waiting.error = new String(bytes, StandardCharsets.UTF_8);
			}
			// the reading caller's own reply needs no wake-up
			if (waiting.thread != Thread.currentThread()) {
				LockSupport.unpark(waiting.thread);
			}
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause) {
			// no listener on a client: the affected caller fails by reply-timeout; say
			// why in the log, a bounded number of times for bad records (one line each,
			// no trace), with the trace for our own failures
			String line = "IPC endpoint '" + SharedMemoryClient.this.spec.name() + "': " + cause.getMessage();
			if (!reason.isBadInput()) {
				logger.log(System.Logger.Level.WARNING, line, cause);
				return;
			}
			String admitted = SharedMemoryClient.this.badReplies.report(reason, line);
			if (admitted != null) {
				logger.log(System.Logger.Level.WARNING, admitted);
			}
		}

	}

}
