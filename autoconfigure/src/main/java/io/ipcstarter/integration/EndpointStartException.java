package io.ipcstarter.integration;

import io.ipcstarter.transport.InvalidEndpointException;

/**
 * An endpoint could not take its address at start-up (socket path in use, port taken, no
 * permission).
 */
public class EndpointStartException extends InvalidEndpointException {

	public EndpointStartException(String endpoint, String address, Throwable cause) {
		super(endpoint, "address", problem(address, cause),
				"Stop the process that holds " + address + ", or choose another address", cause);
	}

	/**
	 * "cannot listen on ADDRESS: why", without repeating the cause's own "Cannot listen
	 * on ADDRESS: ".
	 */
	private static String problem(String address, Throwable cause) {
		String prefix = "cannot listen on " + address + ": ";
		String message = String.valueOf(cause.getMessage());
		return prefix + (message.regionMatches(true, 0, prefix, 0, prefix.length()) ? message.substring(prefix.length())
				: message);
	}

}
