package io.ipcstarter.transport;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * Bounds what one endpoint logs about bad input from its peers
 * ({@link ErrorReason#isBadInput()}): a hostile peer can send bad frames as fast as it
 * can write, and one log line each would let it fill the disk. The first {@value #SHOWN}
 * reports are logged one by one; later ones are held and counted by reason, and come out
 * as one summary line at most once per {@link #INTERVAL}. After an interval without any
 * bad input the next reports are logged one by one again, so a new episode shows its
 * details. Every report is still counted by the meters.
 * <p>
 * It only decides what to log: each caller logs the lines it is given with its own
 * logger, and calls {@link #summary()} when {@link #summaryDueInNanos()} says (and when
 * the endpoint stops, so nothing held is lost). The budget is per endpoint, not per peer:
 * a hostile peer can be a new peer for every frame. Thread-safe.
 * <p>
 * The same bound serves other events a peer causes that the endpoint expects, in a log of
 * their own ({@link #ofChildExits}): the exits of a {@code process} endpoint's child
 * ({@link PeerExitException}), which a child that keeps dying repeats with every restart.
 */
public final class BadInputLog {

	/** How many bad inputs are logged one by one before they are summarised. */
	public static final int SHOWN = 10;

	/** At most one summary per interval. */
	public static final Duration INTERVAL = Duration.ofMinutes(1);

	private final String endpoint;

	/** What one report is, in the lines: "bad input". */
	private final String one;

	/** What several are: "bad inputs". */
	private final String many;

	/** Where they come from, in a summary: " from peers", or nothing. */
	private final String from;

	private final int shown;

	private final long intervalNanos;

	private final LongSupplier nanoClock;

	private final Map<ErrorReason, Long> held = new EnumMap<>(ErrorReason.class);

	private int shownSoFar;

	private long heldTotal;

	private @Nullable String lastHeld;

	private long lastLineAt;

	private long lastReportAt;

	private boolean reported;

	public BadInputLog(String endpoint) {
		this(endpoint, SHOWN, INTERVAL, System::nanoTime);
	}

	BadInputLog(String endpoint, int shown, Duration interval, LongSupplier nanoClock) {
		this(endpoint, "bad input", "bad inputs", " from peers", shown, interval, nanoClock);
	}

	private BadInputLog(String endpoint, String one, String many, String from, int shown, Duration interval,
			LongSupplier nanoClock) {
		this.endpoint = endpoint;
		this.one = one;
		this.many = many;
		this.from = from;
		this.shown = shown;
		this.intervalNanos = interval.toNanos();
		this.nanoClock = nanoClock;
	}

	/**
	 * A log of the exits of an endpoint's child process ({@link PeerExitException}),
	 * bounded as bad input is, with a budget of its own.
	 */
	public static BadInputLog ofChildExits(String endpoint) {
		return ofChildExits(endpoint, SHOWN, INTERVAL, System::nanoTime);
	}

	/**
	 * A log of child exits with bounds of its own: {@code shown} one by one, then a
	 * summary at most once per {@code interval} (tests shorten it).
	 */
	public static BadInputLog ofChildExits(String endpoint, int shown, Duration interval, LongSupplier nanoClock) {
		return new BadInputLog(endpoint, "exit of its child process", "exits of its child process", "", shown, interval,
				nanoClock);
	}

	/**
	 * Take one report of bad input (or of the event this log is for).
	 * @param line the report as one line (no stack trace)
	 * @return what to log now: the line itself, a summary that has come due, or
	 * {@code null} when the report is held for the next summary
	 */
	public synchronized @Nullable String report(ErrorReason reason, String line) {
		long now = this.nanoClock.getAsLong();
		if (this.reported && this.heldTotal == 0 && now - this.lastReportAt > this.intervalNanos) {
			// quiet for a whole interval: a new episode, shown in detail
			this.shownSoFar = 0;
		}
		this.reported = true;
		this.lastReportAt = now;
		if (this.shownSoFar < this.shown) {
			this.shownSoFar++;
			this.lastLineAt = now;
			return (this.shownSoFar < this.shown) ? line
					: line + " (" + this.shown + " " + this.many + " logged one by one; further ones for endpoint '"
							+ this.endpoint + "' are summarised at most once every "
							+ Durations.simple(Duration.ofNanos(this.intervalNanos))
							+ ", the ipc.errors meter counts each)";
		}
		this.held.merge(reason, 1L, Long::sum);
		this.heldTotal++;
		this.lastHeld = line;
		return (now - this.lastLineAt >= this.intervalNanos) ? summary() : null;
	}

	/**
	 * How long until the held reports are due as a summary: 0 when due now, -1 when none
	 * is held.
	 */
	public synchronized long summaryDueInNanos() {
		if (this.heldTotal == 0) {
			return -1;
		}
		return Math.max(0, this.lastLineAt + this.intervalNanos - this.nanoClock.getAsLong());
	}

	/**
	 * The reports held since the last line, as one line with their counts by reason;
	 * {@code null} when none.
	 */
	public synchronized @Nullable String summary() {
		if (this.heldTotal == 0) {
			return null;
		}
		long now = this.nanoClock.getAsLong();
		StringJoiner counts = new StringJoiner(", ");
		this.held.forEach((reason, count) -> counts.add(reason.tag() + " " + count));
		String line = "IPC endpoint '" + this.endpoint + "': " + this.heldTotal + " more "
				+ ((this.heldTotal == 1) ? this.one : this.many) + this.from + " in the last "
				+ Durations.simple(Duration.ofSeconds(Math.max(1, Math.round((now - this.lastLineAt) / 1e9)))) + " ("
				+ counts + "), not logged one by one; the last: " + this.lastHeld;
		this.held.clear();
		this.heldTotal = 0;
		this.lastHeld = null;
		this.lastLineAt = now;
		return line;
	}

}
