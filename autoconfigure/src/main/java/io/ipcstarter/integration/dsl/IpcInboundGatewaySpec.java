package io.ipcstarter.integration.dsl;

import org.springframework.integration.dsl.MessagingGatewaySpec;

import io.ipcstarter.integration.IpcInboundGateway;

/**
 * DSL spec of an {@link IpcInboundGateway}: the flow's start for requests from IPC peers,
 * answered with the flow's reply.
 */
public class IpcInboundGatewaySpec extends MessagingGatewaySpec<IpcInboundGatewaySpec, IpcInboundGateway> {

	IpcInboundGatewaySpec(IpcInboundGateway gateway) {
		super(gateway);
	}

}
