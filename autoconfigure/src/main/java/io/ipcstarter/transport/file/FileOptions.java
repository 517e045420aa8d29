package io.ipcstarter.transport.file;

import java.time.Duration;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code file} transport ({@code ipc.endpoints.<name>.file.*}). A plain
 * JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer binds
 * it.
 */
public class FileOptions extends TransportOptions<FileOptions> {

	/**
	 * Protocol of the shared directory: "maildir" (tmp/ then an atomic move into new/;
	 * never seen half-written) or "legacy" (files written straight into the directory by
	 * a program we do not control).
	 */
	private FileMode mode = FileMode.MAILDIR;

	/**
	 * How often a reader rescans the directory. A file-system watch wakes it at once
	 * where one works; the rescan catches what a watch misses (network shares, event
	 * overflow). A writer waiting on max-backlog rechecks at this interval too.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Whether a reader also watches the directory (JDK WatchService) to pick up files
	 * without waiting for the next rescan.
	 */
	private boolean watch = true;

	/**
	 * Age after which a writer's temporary file is considered abandoned by a crashed
	 * writer and removed by the readers.
	 */
	private Duration staleAfter = Duration.ofHours(1);

	/**
	 * Whether handled files are moved to done/ instead of being deleted.
	 */
	private boolean keepProcessed = false;

	/**
	 * Times the application's handling of a file is attempted before the file is moved to
	 * error/.
	 */
	private int maxAttempts = 3;

	/**
	 * Most messages allowed to wait in the directory for a reader; a send beyond it waits
	 * (up to send-timeout) until a reader catches up, then fails. 0 means no limit.
	 */
	private int maxBacklog = 0;

	/**
	 * Legacy mode: when a file written straight into the directory counts as complete:
	 * "settle-time", "done-marker", "pattern", "rename" or "exclusive-open" (Windows
	 * only).
	 */
	private ReadyWhen readyWhen = ReadyWhen.SETTLE_TIME;

	/**
	 * Legacy mode: glob the names of files to pick up must match, e.g. "*.xml". Names
	 * starting with a dot are never picked up.
	 */
	private String pattern = "*";

	/**
	 * Legacy mode with ready-when "settle-time": how long a file's size and modification
	 * time must stay unchanged before it is picked up.
	 */
	private Duration settleTime = Duration.ofSeconds(2);

	/**
	 * Legacy mode with ready-when "done-marker": suffix of the marker file that says a
	 * file is complete; our own writer creates it too.
	 */
	private String doneSuffix = ".done";

	/**
	 * Suffix appended to the names of files this endpoint writes, e.g. ".xml" for a
	 * legacy reader that filters by extension.
	 */
	private String suffix = "";

	/**
	 * Whether a writer forces each file and the directory entry to disk before a send
	 * returns. Turning it off is faster; a crash of the machine (not of the process) may
	 * then lose or truncate delivered messages.
	 */
	private boolean fsync = true;

	public FileMode getMode() {
		return this.mode;
	}

	public void setMode(FileMode mode) {
		this.mode = mode;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public boolean isWatch() {
		return this.watch;
	}

	public void setWatch(boolean watch) {
		this.watch = watch;
	}

	public Duration getStaleAfter() {
		return this.staleAfter;
	}

	public void setStaleAfter(Duration staleAfter) {
		this.staleAfter = staleAfter;
	}

	public boolean isKeepProcessed() {
		return this.keepProcessed;
	}

	public void setKeepProcessed(boolean keepProcessed) {
		this.keepProcessed = keepProcessed;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public int getMaxBacklog() {
		return this.maxBacklog;
	}

	public void setMaxBacklog(int maxBacklog) {
		this.maxBacklog = maxBacklog;
	}

	public ReadyWhen getReadyWhen() {
		return this.readyWhen;
	}

	public void setReadyWhen(ReadyWhen readyWhen) {
		this.readyWhen = readyWhen;
	}

	public String getPattern() {
		return this.pattern;
	}

	public void setPattern(String pattern) {
		this.pattern = pattern;
	}

	public Duration getSettleTime() {
		return this.settleTime;
	}

	public void setSettleTime(Duration settleTime) {
		this.settleTime = settleTime;
	}

	public String getDoneSuffix() {
		return this.doneSuffix;
	}

	public void setDoneSuffix(String doneSuffix) {
		this.doneSuffix = doneSuffix;
	}

	public String getSuffix() {
		return this.suffix;
	}

	public void setSuffix(String suffix) {
		this.suffix = suffix;
	}

	public boolean isFsync() {
		return this.fsync;
	}

	public void setFsync(boolean fsync) {
		this.fsync = fsync;
	}

}
