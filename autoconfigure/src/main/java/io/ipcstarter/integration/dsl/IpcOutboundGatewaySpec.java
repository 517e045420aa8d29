package io.ipcstarter.integration.dsl;

import org.springframework.integration.dsl.MessageHandlerSpec;

import io.ipcstarter.integration.IpcOutboundGateway;

/**
 * DSL spec of an {@link IpcOutboundGateway}: sends each request to an IPC peer and
 * produces its reply.
 */
public class IpcOutboundGatewaySpec extends MessageHandlerSpec<IpcOutboundGatewaySpec, IpcOutboundGateway> {

	IpcOutboundGatewaySpec(IpcOutboundGateway gateway) {
		this.target = gateway;
	}

}
