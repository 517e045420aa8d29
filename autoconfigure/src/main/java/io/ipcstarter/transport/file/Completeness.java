package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The rule by which a reader in legacy mode tells that a file written straight into the
 * directory is complete ({@code ready-when}). One instance per reader, used by its one
 * thread.
 */
interface Completeness {

	/**
	 * Every file that appears is complete ({@code pattern}, {@code rename}: the writer
	 * renamed it in).
	 */
	Completeness IMMEDIATE = (file, name, attributes, nowNanos) -> true;

	/**
	 * Whether the file, as seen by the current scan, is complete.
	 * @param nowNanos {@link System#nanoTime()} at the start of the scan
	 */
	boolean isComplete(Path file, String name, BasicFileAttributes attributes, long nowNanos) throws IOException;

	/** Whether this name is not a message but belongs to the rule (a done marker). */
	default boolean isAuxiliary(String name) {
		return false;
	}

	/** The scan is over: forget what it did not see. */
	default void endScan() {
	}

	/**
	 * The message was handled or filed in error/: remove what the rule kept for it (its
	 * marker).
	 */
	default void finished(Path inbox, String name) throws IOException {
	}

	/** The rule configured in {@code options}. */
	static Completeness of(FileOptions options) {
		return switch (options.getReadyWhen()) {
			case SETTLE_TIME -> new SettleTimeCompleteness(options.getSettleTime());
			case DONE_MARKER -> new DoneMarkerCompleteness(options.getDoneSuffix());
			case PATTERN, RENAME -> IMMEDIATE;
			case EXCLUSIVE_OPEN -> {
				ExclusiveOpenProbe probe = ExclusiveOpenProbe.forThisPlatform();
				yield (file, name, attributes, nowNanos) -> probe.canOpenExclusively(file);
			}
		};
	}

	/** Complete when a marker {@code NAME<suffix>} exists beside it. */
	final class DoneMarkerCompleteness implements Completeness {

		private final String suffix;

		DoneMarkerCompleteness(String suffix) {
			this.suffix = suffix;
		}

		@Override
		public boolean isComplete(Path file, String name, BasicFileAttributes attributes, long nowNanos) {
			return Files.exists(file.resolveSibling(name + this.suffix), LinkOption.NOFOLLOW_LINKS);
		}

		@Override
		public boolean isAuxiliary(String name) {
			return name.endsWith(this.suffix);
		}

		@Override
		public void finished(Path inbox, String name) throws IOException {
			Files.deleteIfExists(inbox.resolve(name + this.suffix));
		}

	}

}
