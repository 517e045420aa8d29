package io.ipcstarter.integration;

import org.springframework.integration.support.management.ManageableLifecycle;

/**
 * The lifecycle both outbound components take from their {@link OutboundEndpointSupport}: start creates the client,
 * stop drains the calls in flight and closes it.
 */
interface OutboundLifecycle extends IpcEndpoint, ManageableLifecycle {

	private OutboundEndpointSupport outbound() {
		return (OutboundEndpointSupport) state();
	}

	@Override
	default void start() {
		outbound().start();
	}

	@Override
	default void stop() {
		outbound().stop();
	}

	@Override
	default boolean isRunning() {
		return outbound().isRunning();
	}

}
