package io.ipcstarter.remote;

import org.jspecify.annotations.Nullable;

/**
 * A remote ({@code ipc.remote.<name>}) whose configuration cannot work: names the
 * property at fault and the fix, for start-up failure reports.
 */
public class InvalidRemoteException extends RuntimeException {

	private final String propertyName;

	private final String action;

	/**
	 * @param remote the remote's name
	 * @param property the property at fault, relative to the remote (e.g.
	 * {@code interface})
	 * @param problem what is wrong
	 * @param action how to fix it, starting with a verb
	 */
	public InvalidRemoteException(String remote, String property, String problem, String action,
			@Nullable Throwable cause) {
		super("IPC remote '" + remote + "': " + problem + " (property ipc.remote." + remote + "." + property + ")",
				cause);
		this.propertyName = "ipc.remote." + remote + "." + property;
		this.action = action;
	}

	/** The full property name, e.g. {@code ipc.remote.orders.interface}. */
	public String propertyName() {
		return this.propertyName;
	}

	public String action() {
		return this.action;
	}

}
