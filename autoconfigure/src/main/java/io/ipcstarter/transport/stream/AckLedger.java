package io.ipcstarter.transport.stream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The highest sequence number a receiver has handled per sender, so that a message sent
 * again after a broken connection is acknowledged without being delivered twice. In
 * memory: a receiver that restarts forgets it, and a sender then sends again the one
 * message it had not seen acknowledged (at most one duplicate per sender and crash).
 * Bounded: the least recently heard of senders are forgotten beyond {@link #MAX_SENDERS}.
 */
final class AckLedger {

	static final int MAX_SENDERS = 4096;

	private final Map<String, Long> lastHandled = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
			return size() > MAX_SENDERS;
		}

	};

	/** The highest sequence number handled from this sender; 0 when none is known. */
	synchronized long lastHandled(String sender) {
		Long last = this.lastHandled.get(sender);
		return (last != null) ? last : 0;
	}

	/** Record that this message of the sender has been handled. */
	synchronized void handled(String sender, long sequence) {
		this.lastHandled.merge(sender, sequence, Math::max);
	}

}
