package io.ipcstarter.transport.file;

import java.nio.file.Path;

/**
 * Whether a file can be opened for exclusive access right now, i.e. no other process
 * holds it open: the way Windows programs tell that a file in a drop folder is finished.
 * POSIX has no such notion (another process's open file is invisible to an open), so
 * there is only a Windows implementation.
 */
interface ExclusiveOpenProbe {

	/**
	 * {@code false} while another process has the file open (or it cannot be opened at
	 * all).
	 */
	boolean canOpenExclusively(Path file);

	/** The probe for the running OS. */
	static ExclusiveOpenProbe forThisPlatform() {
		if (!SharedDirectory.isWindows()) {
			throw new UnsupportedOperationException(
					"ready-when: exclusive-open works only on Windows; use settle-time or done-marker");
		}
		return new WindowsExclusiveOpenProbe();
	}

}
