package io.ipcstarter.transport.process;

/**
 * When a child process that has exited is started again.
 */
public enum Restart {

	/**
	 * Never: the endpoint stays without a child (an inbound endpoint stops receiving).
	 */
	NEVER,

	/** When it exited with a non-zero code or was killed by a signal. */
	ON_FAILURE,

	/** Whenever it exits while the endpoint runs. */
	ALWAYS;

	/** Whether a child that exited with this code is started again. */
	boolean restarts(int exitCode) {
		return this == ALWAYS || (this == ON_FAILURE && exitCode != 0);
	}

}
