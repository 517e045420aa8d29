package io.ipcstarter.transport;

import org.jspecify.annotations.Nullable;

/**
 * An endpoint's configuration cannot work: names the property at fault and the fix, for start-up failure reports.
 */
public class InvalidEndpointException extends RuntimeException {

	private final String endpoint;

	private final String property;

	private final String action;

	/**
	 * @param endpoint the endpoint's name
	 * @param property the property at fault, relative to the endpoint (e.g. {@code address})
	 * @param problem what is wrong
	 * @param action how to fix it, starting with a verb
	 */
	public InvalidEndpointException(String endpoint, String property, String problem, String action) {
		this(endpoint, property, problem, action, null);
	}

	public InvalidEndpointException(String endpoint, String property, String problem, String action,
			@Nullable Throwable cause) {
		super("IPC endpoint '" + endpoint + "': " + problem + " (property ipc.endpoints." + endpoint + "." + property
				+ ")", cause);
		this.endpoint = endpoint;
		this.property = property;
		this.action = action;
	}

	public String endpoint() {
		return this.endpoint;
	}

	/** The full property name, e.g. {@code ipc.endpoints.orders.address}. */
	public String propertyName() {
		return "ipc.endpoints." + this.endpoint + "." + this.property;
	}

	public String action() {
		return this.action;
	}

}
