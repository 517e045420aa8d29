package io.ipcstarter.transport.file;

/**
 * How a reader in {@link FileMode#LEGACY legacy} mode tells that a file written straight
 * into the directory is complete.
 */
public enum ReadyWhen {

	/**
	 * When its size and modification time have not changed for {@code settle-time}. The
	 * default.
	 */
	SETTLE_TIME,

	/**
	 * When a marker file named after it ({@code NAME.done}) exists; the marker is removed
	 * with the file.
	 */
	DONE_MARKER,

	/**
	 * When its name matches {@code pattern}: the writer writes under another name (e.g.
	 * {@code x.part}) and renames to the final one ({@code x.xml}).
	 */
	PATTERN,

	/**
	 * As soon as it appears: the writer writes elsewhere on the same file system and
	 * renames it in.
	 */
	RENAME,

	/**
	 * When it can be opened for exclusive access (no other process has it open): the
	 * convention of Windows programs. Windows only.
	 */
	EXCLUSIVE_OPEN

}
