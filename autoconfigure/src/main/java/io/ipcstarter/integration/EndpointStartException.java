package io.ipcstarter.integration;

import io.ipcstarter.transport.InvalidEndpointException;

/**
 * An endpoint could not take its address at start-up (socket path in use, port taken, no permission).
 */
public class EndpointStartException extends InvalidEndpointException {

	public EndpointStartException(String endpoint, String address, Throwable cause) {
		super(endpoint, "address", "cannot listen on " + address + ": " + cause.getMessage(),
				"Stop the process that holds " + address + ", or choose another address", cause);
	}

}
