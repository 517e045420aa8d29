package io.ipcstarter.bench.spring;

import org.springframework.integration.annotation.ServiceActivator;

import io.ipcstarter.bench.SinkCounter;

/**
 * The receiving app's application code, as a user would write it: a service activator counting one-way messages
 * from channel {@code sink}, and one answering requests from channel {@code echo} with their payload.
 */
public class BenchHandlers {

	private final SinkCounter counter;

	public BenchHandlers(SinkCounter counter) {
		this.counter = counter;
	}

	@ServiceActivator(inputChannel = "sink")
	public void sink(byte[] payload) {
		this.counter.add(payload.length);
	}

	@ServiceActivator(inputChannel = "echo")
	public byte[] echo(byte[] payload) {
		return payload;
	}

}
