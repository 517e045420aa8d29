package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Counts the messages waiting in an inbox and finds the oldest, for the backlog meters.
 * It lists the inbox on the caller's thread (a metrics scrape, the actuator), never on
 * the reader's; one listing serves every question asked within {@link #MAX_AGE_MILLIS}
 * after it ends, so the two gauges of one scrape cost one listing. It costs one
 * {@code stat} per waiting file.
 * <p>
 * A message is what the reader would take: in maildir mode every visible entry of
 * {@code new/}; in legacy mode every visible file matching the pattern that is neither
 * one of our folders nor a completeness marker (complete or still being written: it waits
 * either way). Its age is now minus its modification time, which the rename into the
 * inbox keeps from when it was written.
 */
final class InboxBacklog {

	static final long MAX_AGE_MILLIS = 250;

	private final SharedDirectory directory;

	private final boolean legacy;

	private final Completeness completeness;

	private final PathMatcher pattern;

	private long takenAt;

	private long count = -1;

	private long oldestModified;

	InboxBacklog(SharedDirectory directory, boolean legacy, Completeness completeness, PathMatcher pattern) {
		this.directory = directory;
		this.legacy = legacy;
		this.completeness = completeness;
		this.pattern = pattern;
	}

	/** Messages waiting; {@code -1} when the inbox cannot be listed. */
	synchronized long count() {
		refresh();
		return this.count;
	}

	/**
	 * Age of the oldest waiting message in milliseconds, 0 when none waits, {@code -1}
	 * when unknown.
	 */
	synchronized long oldestAgeMillis() {
		refresh();
		if (this.count <= 0) {
			return this.count;
		}
		return Math.max(0, System.currentTimeMillis() - this.oldestModified);
	}

	private void refresh() {
		long now = System.currentTimeMillis();
		if (this.count >= 0 && now - this.takenAt >= 0 && now - this.takenAt < MAX_AGE_MILLIS) {
			return;
		}
		long found = 0;
		long oldest = Long.MAX_VALUE;
		try (DirectoryStream<Path> stream = Files.newDirectoryStream(this.directory.inbox())) {
			for (Path entry : stream) {
				String name = FileNames.nameOf(entry);
				if (name.startsWith(".") || (this.legacy && (this.directory.isReservedName(name)
						|| this.completeness.isAuxiliary(name) || !this.pattern.matches(entry.getFileName())))) {
					continue;
				}
				BasicFileAttributes attributes;
				try {
					attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
				}
				catch (NoSuchFileException ex) {
					continue; // taken meanwhile
				}
				if (this.legacy && attributes.isDirectory()) {
					continue; // a folder of the legacy program's own
				}
				found++;
				oldest = Math.min(oldest, attributes.lastModifiedTime().toMillis());
			}
		}
		catch (IOException | RuntimeException ex) {
			// the inbox is gone or unreadable: the reader reports that, the meter says
			// "unknown"
			found = -1;
		}
		this.count = found;
		this.oldestModified = oldest;
		// from the end: a long listing still serves the next question
		this.takenAt = System.currentTimeMillis();
	}

}
