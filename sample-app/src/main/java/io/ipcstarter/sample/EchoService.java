package io.ipcstarter.sample;

import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.stereotype.Component;

/**
 * Answers every request on channel {@code echo} with the request's payload, unchanged.
 * Point any inbound-gateway endpoint at channel {@code echo} to get an echo server.
 */
@Component
public class EchoService {

	@ServiceActivator(inputChannel = "echo")
	public Object echo(Object payload) {
		return payload;
	}

}
