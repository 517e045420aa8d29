package io.ipcstarter.integration;

import org.springframework.integration.endpoint.MessageProducerSupport;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Receives one-way messages from peers over any IPC transport and sends them to its
 * output channel.
 */
public class IpcInboundChannelAdapter extends MessageProducerSupport implements IpcEndpoint {

	private final InboundEndpointSupport state;

	public IpcInboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		// the delivery is made once: a method reference made per message would be one
		// more allocation there
		this.state = new InboundEndpointSupport(transport, spec, converter, this::getBeanName,
				(message, peer, reply) -> sendMessage(message));
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return this.state.componentType("inbound-channel-adapter");
	}

	@Override
	protected void doStart() {
		this.state.start(getBeanFactory(), this::getErrorChannel);
	}

	@Override
	protected void doStop() {
		this.state.stop();
	}

}
