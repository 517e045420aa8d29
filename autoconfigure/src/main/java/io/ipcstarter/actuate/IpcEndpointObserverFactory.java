package io.ipcstarter.actuate;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcEndpointObserver;

/**
 * Makes one more observer for an IPC endpoint (its meters, for instance). Beans of this
 * type are asked once per endpoint at start-up, so whatever the observer needs per
 * endpoint is built then, not per message.
 */
@FunctionalInterface
public interface IpcEndpointObserverFactory {

	IpcEndpointObserver create(IpcEndpoint endpoint);

}
