package io.ipcstarter.integration;

import io.micrometer.observation.ObservationRegistry;

import io.ipcstarter.transport.EndpointSpec;

/**
 * What every IPC endpoint (inbound or outbound, adapter or gateway) tells about itself, whatever its transport:
 * the view the actuator and health use. Starting and stopping goes through the endpoint's lifecycle bean
 * ({@code ipc.<name>}).
 */
public interface IpcEndpoint {

	/** The endpoint's configuration. */
	EndpointSpec getSpec();

	/** Where it listens or sends to right now (for a TCP port 0, the real port once started). */
	String getAddress();

	/** Number of peers connected right now. */
	int getPeerCount();

	/** Whether it is started. */
	boolean isRunning();

	/** Report traffic and failures to this observer from now on. */
	void setObserver(IpcEndpointObserver observer);

	/**
	 * Make each send ({@code ipc.outbound}) and receipt ({@code ipc.inbound}) an observation in this registry from
	 * now on; with {@code headers: json} the trace context travels in the frame.
	 */
	default void setObservationRegistry(ObservationRegistry registry) {
	}

}
