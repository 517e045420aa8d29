package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcThreads;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * The reader of a shared directory: one thread that rescans the inbox when a watch event
 * or the poll interval wakes it, claims each message by renaming it into its own folder
 * in {@code cur/}, reads it (never more than {@code max-message-size}, never through a
 * link), hands it to the listener, and deletes it or moves it to {@code done/}. A file it
 * cannot deliver goes to {@code error/} with a {@code .reason} file beside it, under a
 * safe name when its own cannot be passed on; a file it cannot claim is retried on a
 * back-off of its own. Neither stops the files behind it.
 * <p>
 * On start, and every housekeeping interval after, it puts back what crashed readers had
 * claimed and removes writers' temporary files older than {@code stale-after}. Delivery
 * is at-least-once: a reader killed after its handler ran but before the file was removed
 * causes one redelivery.
 */
public final class FileServer implements IpcServer {

	/** Attribute (header {@code ipc_fileName}) carrying the message's file name. */
	public static final String FILE_NAME = "fileName";

	private static final Set<OpenOption> READ_NO_LINKS = Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);

	private static final String LEGACY_TEMP_PREFIX = FileClient.LEGACY_TEMP_PREFIX;

	/**
	 * Longest wait between tries to claim a file whose claim keeps failing, unless the
	 * poll interval is longer.
	 */
	private static final Duration LONGEST_CLAIM_RETRY = Duration.ofMinutes(1);

	/** Outcomes of checking a legacy file. */
	private static final int READY = 0;

	private static final int PENDING = 1;

	private static final int IGNORED = 2;

	private final EndpointSpec spec;

	private final FileOptions options;

	private final SharedDirectory directory;

	private final boolean legacy;

	private final Completeness completeness;

	private final PathMatcher pattern;

	private final long pollNanos;

	private final long pendingPollNanos;

	private final long housekeepingNanos;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile boolean running;

	/**
	 * Epoch millis of the first failed scan of the current streak; 0 while scans work.
	 */
	private volatile long failingSince;

	private final InboxBacklog backlog;

	private final ClaimRetries retries;

	private @Nullable InboundListener listener;

	private @Nullable ClaimFolder claims;

	private @Nullable DirectoryWatcher watcher;

	private @Nullable Thread thread;

	/**
	 * Whether the last scan saw legacy files not yet complete (they are rechecked sooner
	 * than the poll interval).
	 */
	private boolean pendingSeen;

	/** Whether the last scan left files for the next one (see {@link #scan()}). */
	private boolean deferred;

	/**
	 * The greatest name the previous listing saw; {@code null} before the first (maildir
	 * mode).
	 */
	private @Nullable Path previousMaximum;

	FileServer(EndpointSpec spec, FileOptions options) {
		this.spec = spec;
		this.options = options;
		this.directory = new SharedDirectory(spec, options.getMode());
		this.legacy = options.getMode() == FileMode.LEGACY;
		this.completeness = this.legacy ? Completeness.of(options) : Completeness.IMMEDIATE;
		this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + options.getPattern());
		this.pollNanos = options.getPollInterval().toNanos();
		this.pendingPollNanos = Math.min(this.pollNanos,
				Math.max(options.getSettleTime().toNanos() / 4, Duration.ofMillis(10).toNanos()));
		this.housekeepingNanos = Math.max(this.pollNanos,
				Math.min(options.getStaleAfter().toNanos() / 2, Duration.ofMinutes(1).toNanos()));
		this.backlog = new InboxBacklog(this.directory, this.legacy, this.completeness, this.pattern);
		Duration poll = options.getPollInterval();
		this.retries = new ClaimRetries(poll, (poll.compareTo(LONGEST_CLAIM_RETRY) > 0) ? poll : LONGEST_CLAIM_RETRY);
	}

	@Override
	public void start(InboundListener listener) throws IOException {
		this.listener = listener;
		this.directory.createForReader();
		this.claims = ClaimFolder.create(this.directory);
		try {
			housekeeping();
		}
		catch (IOException | RuntimeException ex) {
			this.claims.close();
			throw ex;
		}
		this.watcher = DirectoryWatcher.open(this.directory.inbox(), this.options.isWatch());
		this.running = true;
		this.thread = new IpcThreads(this.spec.name(), "file", false).newThread(this::readLoop);
		this.thread.start();
	}

	@Override
	public String address() {
		return this.directory.root().toString();
	}

	/** Files waiting in the inbox (the one in hand is in {@code cur/}, not counted). */
	@Override
	public long backlog() {
		return this.running ? this.backlog.count() : -1;
	}

	@Override
	public long oldestWaitingMillis() {
		return this.running ? this.backlog.oldestAgeMillis() : -1;
	}

	@Override
	public long failingSince() {
		return this.failingSince;
	}

	private void readLoop() {
		long nextHousekeeping = System.nanoTime() + this.housekeepingNanos;
		while (this.running) {
			try {
				int handled = scan();
				long now = System.nanoTime();
				if (now - nextHousekeeping >= 0) {
					housekeeping();
					nextHousekeeping = now + this.housekeepingNanos;
				}
				if (this.failingSince != 0) {
					// a file that cannot be claimed is bad input, not a failing reader
					this.failingSince = 0;
				}
				if (handled == 0 && !this.deferred) {
					this.watcher.await(this.pendingSeen ? this.pendingPollNanos : this.pollNanos);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			catch (IOException | RuntimeException ex) {
				if (!this.running) {
					return;
				}
				if (this.failingSince == 0) {
					this.failingSince = System.currentTimeMillis();
				}
				this.listener.onError(ErrorReason.IO, ex, null);
				try {
					this.watcher.await(this.pollNanos);
				}
				catch (InterruptedException ie) {
					Thread.currentThread().interrupt();
					return;
				}
			}
		}
	}

	/**
	 * One pass over the inbox; returns how many messages it handled.
	 * <p>
	 * In maildir mode a pass handles only names up to the greatest name of the previous
	 * listing, and leaves the rest for the next pass, which follows at once. A listing
	 * taken while files arrive may miss a file and yet see one renamed in after it, but
	 * every file of the previous listing, and every file one writer sent before one of
	 * them, was there before this listing began and is in it. So one writer's messages
	 * are handled in the order it sent them, at the price of one more listing.
	 */
	private int scan() throws IOException {
		Path inbox = this.directory.inbox();
		List<Path> entries = new ArrayList<>();
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(inbox)) {
			for (Path entry : stream) {
				entries.add(entry);
			}
		}
		// oldest first for our names; no order is promised across writers
		Collections.sort(entries);
		Path threshold = this.previousMaximum;
		this.previousMaximum = entries.isEmpty() ? threshold : max(threshold, entries.get(entries.size() - 1));
		long now = System.nanoTime();
		int handled = 0;
		boolean pending = false;
		boolean deferredAny = false;
		for (Path file : entries) {
			if (!this.running) {
				break;
			}
			if (!this.legacy && (threshold == null || file.compareTo(threshold) > 0)) {
				// sorted: every later entry is beyond the threshold too
				deferredAny = true;
				break;
			}
			String name = FileNames.nameOf(file);
			if (name.startsWith(".")) {
				continue; // hidden: a temporary file by convention, never a message
			}
			boolean retryLater = this.retries.isWaiting(name, now);
			boolean claimable = FileNames.isClaimable(name);
			Path claimed;
			try {
				if (this.legacy) {
					// while a retry waits too: settle-time watches on
					int readiness = legacyReadiness(file, name, now);
					if (readiness != READY) {
						pending |= (readiness == PENDING);
						continue;
					}
				}
				if (retryLater) {
					continue;
				}
				// a name that cannot be passed on is claimed under a safe one, only to be
				// filed in error/
				claimed = this.claims.claim(file, claimable ? name : freeClaimName(FileNames.claimable(name)));
			}
			// this file only: the ones behind it go on
			catch (IOException | RuntimeException ex) {
				if (!this.running) {
					break;
				}
				claimFailed(name, ex, now);
				continue;
			}
			if (claimed == null) {
				continue; // another reader was first
			}
			this.retries.claimed(name);
			if (claimable) {
				handle(claimed, name);
			}
			else {
				refuseName(claimed, name);
			}
			handled++;
		}
		this.completeness.endScan();
		this.retries.endScan();
		this.pendingSeen = pending;
		this.deferred = deferredAny;
		return handled;
	}

	private String freeClaimName(String safeName) {
		return FileNames.nameOf(SharedDirectory.freeName(this.claims.folder(), safeName));
	}

	/**
	 * Report a failed claim the first time only, and leave the file for a retry on its
	 * own back-off.
	 */
	private void claimFailed(String name, Exception ex, long now) {
		if (!this.retries.failed(name, now)) {
			return;
		}
		ErrorReason reason = IpcException.reasonOf(ex);
		String peer = FileNames.isClaimable(name) ? name : FileNames.claimable(name);
		this.listener.onError(reason,
				new IpcException(reason,
						"cannot claim " + FileNames.quoted(name) + ": " + ex
								+ "; retried with back-off and reported once, while the files behind it go on",
						ex),
				Peer.of(peer));
	}

	private static Path max(@Nullable Path a, Path b) {
		return (a == null || b.compareTo(a) > 0) ? b : a;
	}

	private int legacyReadiness(Path file, String name, long now) throws IOException {
		if (this.directory.isReservedName(name) || this.completeness.isAuxiliary(name)
				|| !this.pattern.matches(file.getFileName())) {
			return IGNORED;
		}
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (NoSuchFileException ex) {
			return IGNORED;
		}
		if (attributes.isDirectory()) {
			return IGNORED; // a folder of the legacy program's own
		}
		if (!attributes.isRegularFile()) {
			// a link or a device: claimed only to be filed in error/, never followed
			return READY;
		}
		return this.completeness.isComplete(file, name, attributes, now) ? READY : PENDING;
	}

	/**
	 * A file whose name cannot be passed on, claimed under a safe name: filed in error/
	 * under that name.
	 */
	private void refuseName(Path claimed, String name) {
		String safeName = FileNames.nameOf(claimed);
		reject(claimed, safeName, name, ErrorReason.DECODE,
				"its name " + FileNames.quoted(name)
						+ " cannot be passed on (a backslash, a slash or a control character): filed under a safe name",
				Peer.of(safeName), null);
	}

	private void handle(Path claimed, String name) {
		Peer peer = Peer.of(name);
		BasicFileAttributes attributes;
		try {
			attributes = Files.readAttributes(claimed, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
		}
		catch (IOException ex) {
			reject(claimed, name, ErrorReason.IO, "cannot read its attributes: " + ex, peer, ex);
			return;
		}
		if (!attributes.isRegularFile()) {
			reject(claimed, name, ErrorReason.DECODE,
					kindOf(attributes) + ", not a regular file: refused without opening or following it", peer, null);
			return;
		}
		if (attributes.size() > this.spec.maxMessageSize()) {
			reject(claimed, name, ErrorReason.OVERSIZE, "size " + attributes.size() + " bytes exceeds max-message-size "
					+ this.spec.maxMessageSize() + "; not read", peer, null);
			return;
		}
		deliver(claimed, name, (int) attributes.size(), peer);
	}

	private void deliver(Path claimed, String name, int size, Peer peer) {
		Map<String, String> attributes = Map.of(FILE_NAME, name);
		Exception failure = null;
		for (int attempt = 1; attempt <= this.options.getMaxAttempts(); attempt++) {
			byte[] bytes;
			try {
				// again on a retry: the handler owned the previous array
				bytes = read(claimed, size);
			}
			catch (IOException ex) {
				reject(claimed, name, IpcException.reasonOf(ex), "cannot read it: " + ex.getMessage(), peer, ex);
				return;
			}
			try {
				this.listener.onMessage(bytes, peer, InboundListener.Reply.NONE, attributes);
				finish(claimed, name, peer);
				return;
			}
			catch (IpcException ex) {
				if (ex.reason().isBadInput()) {
					// the listener could not decode the bytes (a bad header block with
					// headers: json): the same bytes fail again, so no retry, and bad
					// input,
					// so counted as such (not as a handler failure, logged with its
					// trace)
					reject(claimed, name, ex.reason(), "cannot be decoded: " + ex.getMessage(), peer, ex);
					return;
				}
				failure = ex;
			}
			catch (Exception ex) {
				failure = ex;
			}
		}
		reject(claimed, name, ErrorReason.HANDLER,
				"handling failed " + this.options.getMaxAttempts() + " times, last: " + failure, peer, failure);
	}

	private static byte[] read(Path file, int size) throws IOException {
		byte[] bytes = new byte[size];
		try (SeekableByteChannel channel = Files.newByteChannel(file, READ_NO_LINKS)) {
			ByteBuffer buffer = ByteBuffer.wrap(bytes);
			while (buffer.hasRemaining()) {
				if (channel.read(buffer) < 0) {
					throw new IpcException(ErrorReason.DECODE,
							"it shrank while being read (" + buffer.position() + " of " + size + " bytes)");
				}
			}
			if (channel.size() != size) {
				throw new IpcException(ErrorReason.DECODE, "it changed size while being read (still being written?)");
			}
		}
		return bytes;
	}

	private void finish(Path claimed, String name, Peer peer) {
		try {
			if (this.options.isKeepProcessed()) {
				SharedDirectory.moveToFreeName(claimed, this.directory.done(), name);
			}
			else {
				Files.delete(claimed);
			}
			this.completeness.finished(this.directory.inbox(), name);
		}
		// delivered, but still claimed: a restart delivers it again (at-least-once)
		catch (IOException ex) {
			this.listener.onError(ErrorReason.IO, new IpcException(ErrorReason.IO,
					name + " was handled but could not be removed: " + ex.getMessage(), ex), peer);
		}
	}

	private void reject(Path claimed, String name, ErrorReason reason, String why, Peer peer,
			@Nullable Throwable cause) {
		reject(claimed, name, name, reason, why, peer, cause);
	}

	/**
	 * File a claimed message in error/ as {@code name}; {@code inboxName} is what it was
	 * called in the inbox, which differs for a name that could not be claimed as it was.
	 */
	private void reject(Path claimed, String name, String inboxName, ErrorReason reason, String why, Peer peer,
			@Nullable Throwable cause) {
		Path filed = this.directory.moveToError(claimed, name, reason, why);
		String where = (filed != null) ? "; moved to " + filed : "; could not be moved to error/, left in " + claimed;
		try {
			this.completeness.finished(this.directory.inbox(), inboxName);
		}
		catch (IOException ex) {
			// a marker left behind has no file to mark: harmless
		}
		this.listener.onError(reason, new IpcException(reason, name + ": " + why + where, cause), peer);
	}

	private static String kindOf(BasicFileAttributes attributes) {
		if (attributes.isSymbolicLink()) {
			return "a symbolic link";
		}
		return attributes.isDirectory() ? "a directory" : "a special file (FIFO, socket or device)";
	}

	/**
	 * Recover what crashed readers had claimed; remove crashed writers' temporary files.
	 */
	private void housekeeping() throws IOException {
		this.claims.recoverAbandoned();
		long maxAge = this.options.getStaleAfter().toMillis();
		Path folder = this.legacy ? this.directory.inbox() : this.directory.tmp();
		String glob = this.legacy ? LEGACY_TEMP_PREFIX + "*" : "*";
		try (DirectoryStream<Path> temporaries = Files.newDirectoryStream(folder, glob)) {
			for (Path temporary : temporaries) {
				try {
					BasicFileAttributes a = Files.readAttributes(temporary, BasicFileAttributes.class,
							LinkOption.NOFOLLOW_LINKS);
					if (!a.isDirectory() && SharedDirectory.olderThan(a, maxAge)) {
						Files.deleteIfExists(temporary);
					}
				}
				catch (NoSuchFileException ex) {
					// its writer finished it after all
				}
			}
		}
	}

	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.running = false;
		if (this.watcher != null) {
			this.watcher.close();
		}
		if (this.thread != null && this.thread != Thread.currentThread()) {
			try {
				// the message in hand finishes first
				this.thread.join(IpcTransport.DRAIN_TIMEOUT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.claims != null) {
			this.claims.close();
		}
	}

}
