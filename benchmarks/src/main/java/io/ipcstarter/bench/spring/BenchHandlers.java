package io.ipcstarter.bench.spring;

import org.springframework.integration.annotation.ServiceActivator;

/**
 * The receiving app's request handler, as a user would write it: a service activator
 * answering requests from channel {@code echo} with their payload.
 */
public class BenchHandlers {

	@ServiceActivator(inputChannel = "echo")
	public byte[] echo(byte[] payload) {
		return payload;
	}

}
