package io.ipcstarter.integration;

import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each message it handles to a peer over any IPC transport, one-way. Returns once the transport has taken the
 * message; throws an {@link IpcMessagingException} when it could not within {@code send-timeout}.
 */
public class IpcOutboundChannelAdapter extends AbstractMessageHandler implements OutboundLifecycle {

	private final OutboundEndpointSupport state;

	public IpcOutboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.state = new OutboundEndpointSupport(transport, spec, converter);
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.state.spec().transport() + "-outbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.state.beanName(getBeanName());
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		this.state.send(message);
	}

	@Override
	public void destroy() {
		this.state.stop();
		super.destroy();
	}

}
