package io.ipcstarter.transport;

import org.jspecify.annotations.Nullable;

/**
 * An endpoint's configuration cannot work: names the property at fault and the fix, for
 * start-up failure reports.
 */
public class InvalidEndpointException extends RuntimeException {

	private final String endpoint;

	private final String propertyName;

	private final String action;

	/**
	 * @param endpoint the endpoint's name
	 * @param property the property at fault, relative to the endpoint (e.g.
	 * {@code address})
	 * @param problem what is wrong
	 * @param action how to fix it, starting with a verb
	 */
	public InvalidEndpointException(String endpoint, String property, String problem, String action) {
		this(endpoint, property, problem, action, null);
	}

	public InvalidEndpointException(String endpoint, String property, String problem, String action,
			@Nullable Throwable cause) {
		this(endpoint, "ipc.endpoints." + endpoint + "." + property, problem, action, cause, true);
	}

	private InvalidEndpointException(String endpoint, String propertyName, String problem, String action,
			@Nullable Throwable cause, boolean fullName) {
		super("IPC endpoint '" + endpoint + "': " + problem + " (property " + propertyName + ")", cause);
		this.endpoint = endpoint;
		this.propertyName = propertyName;
		this.action = action;
	}

	/**
	 * A setting under {@code ipc.defaults} is wrong, whichever endpoint would have taken
	 * it.
	 */
	public static InvalidEndpointException inDefaults(String property, String problem, String action) {
		return new InvalidEndpointException("defaults", "ipc.defaults." + property, problem, action, null, true);
	}

	public String endpoint() {
		return this.endpoint;
	}

	/** The full property name, e.g. {@code ipc.endpoints.orders.address}. */
	public String propertyName() {
		return this.propertyName;
	}

	public String action() {
		return this.action;
	}

}
