package io.ipcstarter.bench.scenario;

import java.time.Duration;
import java.util.Map;

import io.aeron.Aeron;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import io.ipcstarter.bench.Addresses;
import io.ipcstarter.bench.Args;
import io.ipcstarter.bench.Layer;
import io.ipcstarter.bench.Receiver;
import io.ipcstarter.bench.Scenario;
import io.ipcstarter.bench.Sender;
import io.ipcstarter.bench.SinkCounter;

/**
 * The shared-memory peer: Aeron IPC ({@code aeron:ipc}) with the media driver embedded in
 * the receiving process, {@code SHARED} threading mode backing off (a spinning driver
 * would take a whole core of two). Exclusive publications (one producer per stream,
 * Aeron's fastest case), or concurrent ones (any number of producers, as our ring allows:
 * an atomic add on the tail per message) for {@code aeron-concurrent}, 16 MiB terms (so a
 * 1 MiB message fits), fragments reassembled with a {@link FragmentAssembler}. Stream 10
 * carries one-way messages, 11 requests, 12 replies; the receiver polls 10 and 11 on one
 * thread.
 */
final class AeronScenario implements Scenario {

	private static final String CHANNEL = "aeron:ipc";

	private static final int TERM_LENGTH = 16 * 1024 * 1024;

	/**
	 * Aeron's fault detection (client and driver liveness, unblocking a stalled
	 * publication, image liveness, ...), raised from its 5-10 s defaults: the harness
	 * freezes a pair ({@code SIGSTOP}) for tens of seconds while the other rows of its
	 * group are measured, and on thaw the driver would otherwise find its client dead and
	 * the client find its driver dead. These timeouts only decide when a silent peer
	 * counts as gone; they are not performance settings and no measured window waits on
	 * them.
	 */
	private static final long FAULT_TIMEOUT_NS = Duration.ofMinutes(10).toNanos();

	private final Idle idle;

	private final boolean concurrent;

	AeronScenario(Idle idle, boolean concurrent) {
		this.idle = idle;
		this.concurrent = concurrent;
	}

	@Override
	public String id() {
		return "shared-memory/" + (this.concurrent ? "aeron-concurrent/" : "aeron/") + this.idle.id();
	}

	@Override
	public String transport() {
		return "shared-memory";
	}

	@Override
	public Layer layer() {
		return Layer.PEER;
	}

	@Override
	public String description() {
		return "Aeron IPC (embedded driver), " + (this.concurrent ? "concurrent publications, " : "") + this.idle.id();
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("dir", a.path("aeron"));
	}

	@Override
	public Receiver receiver(Args args) {
		MediaDriver driver = MediaDriver.launch(new MediaDriver.Context().aeronDirectoryName(args.get("dir"))
			.threadingMode(ThreadingMode.SHARED)
			.sharedIdleStrategy(new BackoffIdleStrategy(100, 10, 1_000, 100_000))
			.ipcTermBufferLength(TERM_LENGTH)
			.dirDeleteOnStart(true)
			.dirDeleteOnShutdown(true)
			.clientLivenessTimeoutNs(FAULT_TIMEOUT_NS)
			// must exceed the client liveness timeout
			.publicationUnblockTimeoutNs(FAULT_TIMEOUT_NS + Duration.ofMinutes(1).toNanos())
			.imageLivenessTimeoutNs(FAULT_TIMEOUT_NS)
			.publicationConnectionTimeoutNs(FAULT_TIMEOUT_NS)
			.untetheredWindowLimitTimeoutNs(FAULT_TIMEOUT_NS)
			.untetheredRestingTimeoutNs(FAULT_TIMEOUT_NS)
			.driverTimeoutMs(Duration.ofNanos(FAULT_TIMEOUT_NS).toMillis())
			// besides the driver's own log in its directory (deleted on close): into this
			// child's log file
			.errorHandler(Throwable::printStackTrace));
		Aeron aeron = Aeron.connect(client(args));
		Subscription sink = aeron.addSubscription(CHANNEL, 10);
		Subscription requests = aeron.addSubscription(CHANNEL, 11);
		Publication replies = publication(aeron, 12);
		SinkCounter counter = new SinkCounter();
		byte[] scratch = new byte[TERM_LENGTH / 8];
		IdleStrategy idle = this.idle.create();
		IdleStrategy full = this.idle.create();
		FragmentAssembler count = new FragmentAssembler((buffer, offset, length, header) -> {
			buffer.getBytes(offset, scratch, 0, length);
			counter.add(length);
		});
		FragmentAssembler echo = new FragmentAssembler((buffer, offset, length, header) -> {
			offer(replies, buffer, offset, length, full);
		});
		Thread reader = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				idle.idle(sink.poll(count, 64) + requests.poll(echo, 64));
			}
		}, "aeron-reader");
		reader.setDaemon(true);
		reader.start();
		return new Receiver() {

			@Override
			public SinkCounter counter() {
				return counter;
			}

			@Override
			public void close() {
				reader.interrupt();
				aeron.close();
				driver.close();
			}

		};
	}

	@Override
	public Sender sender(Args args) throws InterruptedException {
		Aeron aeron = Aeron.connect(client(args));
		Publication sink = publication(aeron, 10);
		Publication requests = publication(aeron, 11);
		Subscription replies = aeron.addSubscription(CHANNEL, 12);
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!sink.isConnected() || !requests.isConnected() || !replies.isConnected()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Aeron publications/subscription did not connect within 20 s");
			}
			// bounded wait for the driver to link the streams; no callback for it
			Thread.sleep(1);
		}
		IdleStrategy idle = this.idle.create();
		UnsafeBuffer wrapped = new UnsafeBuffer(new byte[0]);
		byte[] reply = new byte[TERM_LENGTH / 8];
		int[] replyLength = { -1 };
		FragmentAssembler onReply = new FragmentAssembler(
				(DirectBuffer buffer, int offset, int length, io.aeron.logbuffer.Header header) -> {
					buffer.getBytes(offset, reply, 0, length);
					replyLength[0] = length;
				});
		return new Sender() {

			@Override
			public void send(byte[] payload) {
				offer(sink, wrap(payload), 0, payload.length, idle);
			}

			@Override
			public byte[] request(byte[] payload) {
				offer(requests, wrap(payload), 0, payload.length, idle);
				replyLength[0] = -1;
				while (replyLength[0] < 0) {
					idle.idle(replies.poll(onReply, 16));
				}
				idle.reset();
				return (replyLength[0] == payload.length) ? payload : new byte[replyLength[0]];
			}

			private UnsafeBuffer wrap(byte[] payload) {
				if (wrapped.byteArray() != payload) {
					wrapped.wrap(payload);
				}
				return wrapped;
			}

			@Override
			public void close() {
				aeron.close();
			}

		};
	}

	/**
	 * A client of the receiver's driver that takes a frozen driver for a live one
	 * ({@link #FAULT_TIMEOUT_NS}; the client's own service interval follows the driver's
	 * client liveness timeout). Its errors go to this child's log.
	 */
	private static Aeron.Context client(Args args) {
		return new Aeron.Context().aeronDirectoryName(args.get("dir"))
			.driverTimeoutMs(Duration.ofNanos(FAULT_TIMEOUT_NS).toMillis());
	}

	private Publication publication(Aeron aeron, int stream) {
		return this.concurrent ? aeron.addPublication(CHANNEL, stream) : aeron.addExclusivePublication(CHANNEL, stream);
	}

	/**
	 * Offer with back-pressure: wait while the term window is full, fail when the stream
	 * is gone.
	 */
	static void offer(Publication publication, DirectBuffer buffer, int offset, int length, IdleStrategy idle) {
		long result;
		while ((result = publication.offer(buffer, offset, length)) < 0) {
			if (result == Publication.CLOSED || result == Publication.MAX_POSITION_EXCEEDED
					|| result == Publication.NOT_CONNECTED) {
				throw new IllegalStateException("Aeron offer failed: " + Publication.errorString(result));
			}
			idle.idle();
		}
		idle.reset();
	}

}
