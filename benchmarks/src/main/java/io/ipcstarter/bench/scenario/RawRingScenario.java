package io.ipcstarter.bench.scenario;

import java.nio.file.Path;
import java.util.Map;

import org.agrona.DirectBuffer;
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
 * Raw shared-memory baseline: {@link MappedRing}s in files under {@code /dev/shm}, one
 * for one-way messages, one each way for request/reply. The receiver runs one thread that
 * polls both its rings, copies each payload into a reusable array (as a consumer would)
 * and waits with the variant's {@link Idle} strategy when there is nothing.
 */
final class RawRingScenario implements Scenario {

	/** 16 MiB per ring: a 1 MiB message is well under half of it. */
	static final int CAPACITY = 16 * 1024 * 1024;

	private final Idle idle;

	RawRingScenario(Idle idle) {
		this.idle = idle;
	}

	@Override
	public String id() {
		return "shared-memory/raw-ring/" + this.idle.id();
	}

	@Override
	public String transport() {
		return "shared-memory";
	}

	@Override
	public Layer layer() {
		return Layer.RAW;
	}

	@Override
	public String description() {
		return "SPSC mapped ring, " + this.idle.id();
	}

	@Override
	public Map<String, String> addresses(Addresses a) {
		return Map.of("sink", a.path("sink.ring"), "request", a.path("request.ring"), "reply", a.path("reply.ring"));
	}

	@Override
	public Receiver receiver(Args args) throws Exception {
		MappedRing sink = MappedRing.create(Path.of(args.get("sink")), CAPACITY);
		MappedRing requests = MappedRing.create(Path.of(args.get("request")), CAPACITY);
		MappedRing replies = MappedRing.create(Path.of(args.get("reply")), CAPACITY);
		SinkCounter counter = new SinkCounter();
		byte[] scratch = new byte[CAPACITY];
		IdleStrategy idle = this.idle.create();
		IdleStrategy full = this.idle.create();
		MappedRing.Handler count = (buffer, offset, length) -> {
			buffer.getBytes(offset, scratch, 0, length);
			counter.add(length);
		};
		MappedRing.Handler echo = (buffer, offset, length) -> {
			while (!replies.offer(buffer, offset, length)) {
				full.idle();
			}
			full.reset();
		};
		Thread reader = new Thread(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				idle.idle(sink.poll(count, 64) + requests.poll(echo, 64));
			}
		}, "ring-reader");
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
			}

		};
	}

	@Override
	public Sender sender(Args args) throws Exception {
		MappedRing sink = MappedRing.open(Path.of(args.get("sink")));
		MappedRing requests = MappedRing.open(Path.of(args.get("request")));
		MappedRing replies = MappedRing.open(Path.of(args.get("reply")));
		IdleStrategy idle = this.idle.create();
		UnsafeBuffer wrapped = new UnsafeBuffer(new byte[0]);
		byte[] reply = new byte[CAPACITY];
		int[] replyLength = { -1 };
		MappedRing.Handler onReply = (DirectBuffer buffer, int offset, int length) -> {
			buffer.getBytes(offset, reply, 0, length);
			replyLength[0] = length;
		};
		return new Sender() {

			@Override
			public void send(byte[] payload) {
				offer(sink, payload);
			}

			@Override
			public byte[] request(byte[] payload) {
				offer(requests, payload);
				replyLength[0] = -1;
				while (replies.poll(onReply, 1) == 0) {
					idle.idle();
				}
				idle.reset();
				// the caller checks the length only: hand back the request's array rather
				// than allocate one
				return (replyLength[0] == payload.length) ? payload : new byte[replyLength[0]];
			}

			private void offer(MappedRing ring, byte[] payload) {
				if (wrapped.byteArray() != payload) {
					wrapped.wrap(payload);
				}
				while (!ring.offer(wrapped, 0, payload.length)) {
					idle.idle();
				}
				idle.reset();
			}

			@Override
			public void close() {
				sink.close();
				requests.close();
				replies.close();
			}

		};
	}

}
