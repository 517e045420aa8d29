package io.ipcstarter.transport.file;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Complete when size and modification time have not changed for {@code settle-time},
 * measured on this reader's own monotonic clock from when it first saw the current values
 * (so a writer's clock, e.g. across a network share, does not matter). A writer that
 * pauses longer than {@code settle-time} mid-file defeats this rule: choose it longer
 * than the writer's longest pause, or use another rule.
 */
final class SettleTimeCompleteness implements Completeness {

	private final long settleNanos;

	private final Map<String, Observation> seen = new HashMap<>();

	private long scan;

	SettleTimeCompleteness(Duration settleTime) {
		this.settleNanos = settleTime.toNanos();
	}

	@Override
	public boolean isComplete(Path file, String name, BasicFileAttributes attributes, long nowNanos) {
		long size = attributes.size();
		long modified = attributes.lastModifiedTime().toMillis();
		Observation o = this.seen.get(name);
		if (o == null || o.size != size || o.modified != modified) {
			o = new Observation(size, modified, nowNanos);
			this.seen.put(name, o);
		}
		o.scan = this.scan;
		return nowNanos - o.since >= this.settleNanos;
	}

	@Override
	public void endScan() {
		for (Iterator<Observation> it = this.seen.values().iterator(); it.hasNext();) {
			if (it.next().scan != this.scan) {
				it.remove(); // gone: taken by us or another reader, or deleted
			}
		}
		this.scan++;
	}

	private static final class Observation {

		final long size;

		final long modified;

		final long since;

		long scan;

		Observation(long size, long modified, long since) {
			this.size = size;
			this.modified = modified;
			this.since = since;
		}

	}

}
