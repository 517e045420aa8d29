package io.ipcstarter.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What a receiver has taken in: messages and bytes. Updated on the receiving thread, read
 * by the coordinator's {@code COUNT} command; {@link LongAdder} keeps the update cheap
 * even if a transport delivers on several threads.
 */
public final class SinkCounter {

	private final LongAdder messages = new LongAdder();

	private final LongAdder bytes = new LongAdder();

	/** One message of {@code length} bytes arrived. */
	public void add(int length) {
		this.messages.increment();
		this.bytes.add(length);
	}

	public long messages() {
		return this.messages.sum();
	}

	public long bytes() {
		return this.bytes.sum();
	}

}
