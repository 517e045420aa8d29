package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;

/**
 * The reply rings an inbound gateway writes to, one per outbound-gateway client, opened
 * on the first request that names them and kept (at most {@code max-connections}, least
 * recently used dropped first). Used by the server's reader thread only.
 */
final class ReplyRings implements AutoCloseable {

	private final EndpointSpec spec;

	private final SharedMemoryOptions options;

	private final RingAddress requestRing;

	private final Map<Long, Target> targets;

	private @Nullable Target last;

	ReplyRings(EndpointSpec spec, SharedMemoryOptions options, RingAddress requestRing) {
		this.spec = spec;
		this.options = options;
		this.requestRing = requestRing;
		int max = spec.maxConnections();
		this.targets = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<Long, Target> eldest) {
				// the map's own size, not ReplyRings.size()
				if (super.size() > max) {
					eldest.getValue().memory.close();
					return true;
				}
				return false;
			}

		};
	}

	/**
	 * The reply ring with this id, opened when first seen. The id only selects a name
	 * next to the request ring.
	 */
	Target target(long replyId) throws IOException {
		Target last = this.last;
		if (last != null && last.id == replyId) {
			return last; // the common case of one busy client: no map lookup, no boxing
		}
		Target target = this.targets.get(replyId);
		if (target == null) {
			RingAddress address = this.requestRing.replyRing(replyId);
			RingMemory memory = address.mapper().openExisting(address.location());
			if (memory == null) {
				throw new IpcException(ErrorReason.IO, "A request names reply ring " + address
						+ ", which does not exist (its client is gone); the request is dropped");
			}
			try {
				RingBuffer ring = RingBuffer.attach(memory.buffer(), this.options.capacityBytes(), address.describe());
				Peer peer = new Peer("shm-reply-" + Long.toHexString(replyId), (int) (replyId >>> 32), null);
				target = new Target(replyId, memory, new RingProducer(ring, this.options, address.describe()), peer,
						this.spec);
			}
			catch (IOException | RuntimeException ex) {
				memory.close();
				throw ex;
			}
			this.targets.put(replyId, target);
		}
		this.last = target;
		return target;
	}

	int size() {
		return this.targets.size();
	}

	@Override
	public void close() {
		this.targets.values().forEach(t -> t.memory.close());
		this.targets.clear();
		this.last = null;
	}

	/** One client's reply ring. */
	static final class Target {

		private final long id;

		private final RingMemory memory;

		private final RingProducer producer;

		private final Peer peer;

		private final EndpointSpec spec;

		Target(long id, RingMemory memory, RingProducer producer, Peer peer, EndpointSpec spec) {
			this.id = id;
			this.memory = memory;
			this.producer = producer;
			this.peer = peer;
			this.spec = spec;
		}

		Peer peer() {
			return this.peer;
		}

		void send(int type, long correlation, byte[] payload) throws IpcException {
			this.producer.write(type, 1, correlation, 0, payload, this.spec.sendTimeout());
		}

		void send(int type, long correlation, ByteBuffer payload) throws IpcException {
			this.producer.write(type, 1, correlation, 0, payload, this.spec.sendTimeout());
		}

	}

	/** The way back for one request. */
	static final class Reply implements InboundListener.Reply {

		private final Target target;

		private final long correlation;

		private boolean sent;

		Reply(Target target, long correlation) {
			this.target = target;
			this.correlation = correlation;
		}

		@Override
		public void send(byte[] payload) throws IOException {
			this.sent = true;
			this.target.send(RingLayout.TYPE_REPLY, this.correlation, payload);
		}

		/** Straight from the buffer into the reply ring: no array in between. */
		@Override
		public void send(ByteBuffer payload) throws IOException {
			this.sent = true;
			this.target.send(RingLayout.TYPE_REPLY, this.correlation, payload);
		}

		boolean sent() {
			return this.sent;
		}

	}

}
