package io.ipcstarter.transport.file;

import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Files of the inbox whose claim failed for a reason other than a competing reader taking
 * them first (a rename the OS refuses for this one file, e.g. a permission or a sharing
 * violation). Each is retried on its own back-off, doubling from the first delay up to
 * the longest, and reported only on its first failure, so that neither the file nor its
 * report comes round on every scan, and the files behind it are claimed meanwhile. A name
 * no longer in the inbox is forgotten. One instance per reader, used by its one thread.
 */
final class ClaimRetries {

	private final long firstDelayNanos;

	private final long longestDelayNanos;

	private final Map<String, Retry> failing = new HashMap<>();

	private long scan;

	ClaimRetries(Duration firstDelay, Duration longestDelay) {
		this.longestDelayNanos = longestDelay.toNanos();
		this.firstDelayNanos = Math.min(firstDelay.toNanos(), this.longestDelayNanos);
	}

	/**
	 * Whether {@code name} failed before and its next try is not yet due. Asked of every
	 * name a scan visits, which keeps the names still there from being forgotten at
	 * {@link #endScan()}.
	 */
	boolean isWaiting(String name, long nowNanos) {
		if (this.failing.isEmpty()) {
			return false;
		}
		Retry retry = this.failing.get(name);
		if (retry == null) {
			return false;
		}
		retry.scan = this.scan;
		return nowNanos - retry.due < 0;
	}

	/**
	 * The claim of {@code name} failed: it waits twice as long as last time (the first
	 * delay the first time).
	 * @return whether this was its first failure, the one to report
	 */
	boolean failed(String name, long nowNanos) {
		Retry retry = this.failing.get(name);
		boolean first = (retry == null);
		if (first) {
			retry = new Retry(this.firstDelayNanos);
			this.failing.put(name, retry);
		}
		else {
			retry.delay = Math.min(retry.delay * 2, this.longestDelayNanos);
		}
		retry.due = nowNanos + retry.delay;
		retry.scan = this.scan;
		return first;
	}

	/** {@code name} was claimed. */
	void claimed(String name) {
		if (!this.failing.isEmpty()) {
			this.failing.remove(name);
		}
	}

	/**
	 * The scan is over: forget the names it did not visit (claimed by another reader, or
	 * removed).
	 */
	void endScan() {
		for (Iterator<Retry> it = this.failing.values().iterator(); it.hasNext();) {
			if (it.next().scan != this.scan) {
				it.remove();
			}
		}
		this.scan++;
	}

	private static final class Retry {

		long delay;

		long due;

		long scan;

		Retry(long delay) {
			this.delay = delay;
		}

	}

}
