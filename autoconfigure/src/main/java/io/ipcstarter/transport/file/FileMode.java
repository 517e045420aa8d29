package io.ipcstarter.transport.file;

/**
 * Which protocol the peers on a shared directory follow.
 */
public enum FileMode {

	/**
	 * Writers write into {@code tmp/}, fsync and rename into {@code new/}; readers claim
	 * from {@code new/}. Nothing is ever seen half-written. The default.
	 */
	MAILDIR,

	/**
	 * Files are written straight into the directory by a program we do not control; a
	 * file is picked up once the {@code ready-when} rule says it is complete. Our own
	 * writer writes a hidden temporary file and renames it.
	 */
	LEGACY

}
