package io.ipcstarter.actuate;

import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;

import io.ipcstarter.actuate.IpcActuatorEndpoint.IpcEndpointDescriptor;

/**
 * The {@code ipc} actuator endpoint over HTTP: {@code POST /actuator/ipc/{name}} answers
 * 404 for a name that is no endpoint. Without it a write operation that returns nothing
 * answers 204, as if the request had worked.
 */
@EndpointWebExtension(endpoint = IpcActuatorEndpoint.class)
public class IpcActuatorEndpointWebExtension {

	private final IpcActuatorEndpoint delegate;

	public IpcActuatorEndpointWebExtension(IpcActuatorEndpoint delegate) {
		this.delegate = delegate;
	}

	/**
	 * Stop or start one endpoint; returns it as it is afterwards, or 404 when there is
	 * none of that name.
	 * @param state {@code stopped} or {@code started}
	 */
	@WriteOperation
	public WebEndpointResponse<IpcEndpointDescriptor> state(@Selector String name, String state) {
		IpcEndpointDescriptor endpoint = this.delegate.state(name, state);
		return (endpoint != null) ? new WebEndpointResponse<>(endpoint)
				: new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
	}

}
