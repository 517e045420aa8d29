package io.ipcstarter.transport.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Copies a child's stderr to the log, bounded: a child is a peer, and a broken or hostile
 * one could otherwise fill memory with one endless line or the disk with lines. A line
 * longer than {@link #MAX_LINE} bytes is cut there (the rest of it is skipped, and the
 * cut says how much); at most {@link #LINES_PER_WINDOW} lines are logged per
 * {@link #WINDOW_NANOS}, the others are counted and reported as one line when the next
 * window opens (and when the stream ends). Runs on its own thread until the stream ends.
 */
final class StderrPump {

	/** Longest line logged, in bytes. */
	static final int MAX_LINE = 8 * 1024;

	/** Lines logged per window; the rest are counted. */
	static final int LINES_PER_WINDOW = 100;

	static final long WINDOW_NANOS = 60_000_000_000L;

	private final InputStream in;

	private final Charset charset;

	private final Consumer<String> log;

	private final LongSupplier nanoClock;

	private final byte[] line = new byte[MAX_LINE];

	private long windowStart;

	private int loggedInWindow;

	private long dropped;

	StderrPump(InputStream in, Charset charset, Consumer<String> log, LongSupplier nanoClock) {
		this.in = in;
		this.charset = charset;
		this.log = log;
		this.nanoClock = nanoClock;
		this.windowStart = nanoClock.getAsLong();
	}

	/**
	 * Copy until the stream ends (or fails: the child is gone, and its stderr with it).
	 */
	void run() {
		byte[] buffer = new byte[8192];
		int length = 0;
		long skipped = 0;
		try {
			int n;
			while ((n = this.in.read(buffer)) > 0) {
				for (int i = 0; i < n; i++) {
					byte b = buffer[i];
					if (b == '\n') {
						emit(length, skipped);
						length = 0;
						skipped = 0;
					}
					else if (length < MAX_LINE) {
						this.line[length++] = b;
					}
					else {
						skipped++;
					}
				}
			}
		}
		catch (IOException ex) {
			// the child is gone and its stderr with it
		}
		if (length > 0 || skipped > 0) {
			emit(length, skipped);
		}
		if (this.dropped > 0) {
			this.log.accept(droppedLine());
		}
	}

	private void emit(int length, long skipped) {
		long now = this.nanoClock.getAsLong();
		if (now - this.windowStart >= WINDOW_NANOS) {
			if (this.dropped > 0) {
				this.log.accept(droppedLine());
				this.dropped = 0;
			}
			this.windowStart = now;
			this.loggedInWindow = 0;
		}
		if (this.loggedInWindow >= LINES_PER_WINDOW) {
			this.dropped++;
			return;
		}
		this.loggedInWindow++;
		int end = (length > 0 && this.line[length - 1] == '\r') ? length - 1 : length;
		String text = new String(Arrays.copyOf(this.line, end), this.charset);
		this.log.accept((skipped > 0) ? text + " ... (" + skipped + " more bytes of this line not logged)" : text);
	}

	private String droppedLine() {
		return this.dropped + " more lines of stderr not logged (at most " + LINES_PER_WINDOW + " a minute)";
	}

}
