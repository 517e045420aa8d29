package io.ipcstarter.transport.socket;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The direct buffers of accepted socket connections, shared by every endpoint of the JVM
 * and bounded: at most {@link #MAX_DIRECT} are ever made; a connection takes one when it
 * first reads (or writes) and gives it back when it ends, so the next connection reuses
 * it. A direct buffer that is dropped is freed only when a garbage collection finds it,
 * which an application with little heap traffic may not run for hours: 30,000 short
 * hostile connections once held 293 MB that way. Here none is dropped, so direct memory
 * follows the peak of live connections, never the number of connections ever accepted.
 * <p>
 * Past the bound a connection gets a heap buffer: correct, one copy more per read (the
 * JDK reads a socket into a heap buffer through a temporary direct buffer cached per
 * thread, and frees that cache when the thread ends).
 */
final class SocketBuffers {

	/** Size of every buffer: a small frame, or many, per system call. */
	static final int SIZE = 64 * 1024;

	/** Most direct buffers made, all endpoints together: 16 MiB. */
	static final int MAX_DIRECT = 256;

	static final SocketBuffers SHARED = new SocketBuffers(MAX_DIRECT);

	private final int maxDirect;

	private final ConcurrentLinkedDeque<ByteBuffer> idle = new ConcurrentLinkedDeque<>();

	private final AtomicInteger made = new AtomicInteger();

	SocketBuffers(int maxDirect) {
		this.maxDirect = maxDirect;
	}

	/**
	 * A cleared buffer of {@link #SIZE} bytes: an idle direct one, a new direct one, or
	 * past the bound a heap one.
	 */
	ByteBuffer take() {
		ByteBuffer buffer = this.idle.pollFirst();
		if (buffer != null) {
			return buffer.clear();
		}
		if (this.made.getAndIncrement() < this.maxDirect) {
			return ByteBuffer.allocateDirect(SIZE);
		}
		this.made.decrementAndGet();
		return ByteBuffer.allocate(SIZE);
	}

	/** Give back a buffer from {@link #take()} that nothing will touch again. */
	void give(ByteBuffer buffer) {
		if (buffer.isDirect()) {
			// the most recently used first: its pages are likely still resident
			this.idle.addFirst(buffer);
		}
	}

	/** Direct buffers made so far (idle or in use). */
	int directMade() {
		return this.made.get();
	}

}
