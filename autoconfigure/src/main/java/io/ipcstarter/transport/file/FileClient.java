package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The writer of a shared directory. Maildir mode: write {@code tmp/NAME}, force it to
 * disk, rename it to {@code new/NAME}, force the directory; the message is delivered at
 * the rename and never visible half-written. Legacy mode: the same through a hidden
 * {@code .ipc-NAME.tmp} in the directory itself, plus the done marker when the readers
 * wait for one. A send returns once the rename is done (and forced, with {@code fsync}).
 * <p>
 * With {@code max-backlog}, a send first waits (rechecking every {@code poll-interval},
 * up to {@code send-timeout}) while that many messages wait for a reader, then fails with
 * {@link ErrorReason#TIMEOUT}. The directory is listed only when the count this client
 * keeps (the last listing plus its own sends since) reaches the limit, so the check is
 * free while the readers keep up. Concurrent senders may overshoot by their number.
 */
public final class FileClient implements IpcClient {

	/**
	 * Prefix of a legacy-mode writer's temporary files (hidden, so no reader picks them
	 * up).
	 */
	static final String LEGACY_TEMP_PREFIX = ".ipc-";

	private final EndpointSpec spec;

	private final FileOptions options;

	private final SharedDirectory directory;

	private final AtomicInteger backlogEstimate;

	private volatile boolean created;

	private volatile boolean closed;

	FileClient(EndpointSpec spec, FileOptions options) {
		this.spec = spec;
		this.options = options;
		this.directory = new SharedDirectory(spec, options.getMode());
		// list before the first send
		this.backlogEstimate = new AtomicInteger(options.getMaxBacklog());
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO, "File endpoint '" + this.spec.name() + "' is closed");
		}
		ensureCreated();
		if (this.options.getMaxBacklog() > 0) {
			awaitBacklogBelowLimit();
		}
		String name = FileNames.unique(this.options.getSuffix());
		boolean legacy = this.directory.mode() == FileMode.LEGACY;
		Path inbox = this.directory.inbox();
		Path temporary = legacy ? inbox.resolve(LEGACY_TEMP_PREFIX + name + ".tmp")
				: this.directory.tmp().resolve(name);
		try {
			write(temporary, payload);
			SharedDirectory.moveAtomically(temporary, inbox.resolve(name));
			if (legacy && this.options.getReadyWhen() == ReadyWhen.DONE_MARKER) {
				this.directory.createFile(inbox.resolve(name + this.options.getDoneSuffix())).close();
			}
			if (this.options.isFsync()) {
				SharedDirectory.forceDirectory(inbox);
			}
		}
		catch (IOException ex) {
			Files.deleteIfExists(temporary);
			throw new IpcException(ErrorReason.IO,
					"Could not deliver a message to " + this.directory + ": " + ex.getMessage(), ex);
		}
		if (this.options.getMaxBacklog() > 0) {
			this.backlogEstimate.incrementAndGet();
		}
	}

	private void write(Path temporary, byte[] payload) throws IOException {
		try (FileChannel channel = this.directory.createFile(temporary)) {
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
			if (this.options.isFsync()) {
				channel.force(true);
			}
		}
	}

	private void ensureCreated() throws IOException {
		if (!this.created) {
			synchronized (this) {
				if (!this.created) {
					this.directory.createForWriter();
					this.created = true;
				}
			}
		}
	}

	private void awaitBacklogBelowLimit() throws IOException {
		int limit = this.options.getMaxBacklog();
		if (this.backlogEstimate.get() < limit) {
			return;
		}
		long deadline = System.nanoTime() + this.spec.sendTimeout().toNanos();
		long pause = this.options.getPollInterval().toNanos();
		while (true) {
			int waiting = countWaiting();
			this.backlogEstimate.set(waiting);
			if (waiting < limit) {
				return;
			}
			long left = deadline - System.nanoTime();
			if (left <= 0) {
				throw new IpcException(ErrorReason.TIMEOUT,
						waiting + " messages wait in " + this.directory.inbox() + " (max-backlog " + limit
								+ ") and no reader took one within send-timeout "
								+ Durations.simple(this.spec.sendTimeout()));
			}
			LockSupport.parkNanos(Math.min(pause, left));
			if (Thread.interrupted()) {
				Thread.currentThread().interrupt();
				throw new IpcException(ErrorReason.TIMEOUT, "Interrupted while waiting for max-backlog");
			}
		}
	}

	/**
	 * Messages waiting in the inbox: every visible entry, less our folders and done
	 * markers in legacy mode.
	 */
	private int countWaiting() throws IOException {
		int count = 0;
		String marker = this.options.getDoneSuffix();
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory.inbox())) {
			for (Path entry : entries) {
				String name = FileNames.nameOf(entry);
				if (!name.startsWith(".") && !this.directory.isReservedName(name)
						&& !(this.directory.mode() == FileMode.LEGACY && name.endsWith(marker))) {
					count++;
				}
			}
		}
		return count;
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		throw new IpcException(ErrorReason.UNSUPPORTED,
				"Transport 'file' is one-way: it has no request/reply (see docs/wire-formats.md)");
	}

	@Override
	public String address() {
		return this.directory.root().toString();
	}

	@Override
	public void close() {
		this.closed = true;
	}

}
