package io.ipcstarter.integration;

import org.springframework.integration.endpoint.MessageProducerSupport;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Receives one-way messages from peers over any IPC transport and sends them to its output channel.
 */
public class IpcInboundChannelAdapter extends MessageProducerSupport implements IpcEndpoint {

	private final InboundEndpointSupport state;

	public IpcInboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		// a method reference made once: one made per message would be one more allocation on the receive path
		this.state = new InboundEndpointSupport(transport, spec, converter, (message, peer, reply) -> sendMessage(message));
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.state.spec().transport() + "-inbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.state.init(getBeanName(), getBeanFactory(), this::getErrorChannel);
	}

	@Override
	protected void doStart() {
		this.state.start();
	}

	@Override
	protected void doStop() {
		this.state.stop();
	}

}
