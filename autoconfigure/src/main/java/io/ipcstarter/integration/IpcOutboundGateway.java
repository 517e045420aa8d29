package io.ipcstarter.integration;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each request it handles to a peer over any duplex IPC transport and produces the peer's reply (to its
 * output channel, or the request's {@code replyChannel} header). Throws an {@link IpcMessagingException} when the
 * peer cannot be reached within {@code send-timeout} or does not answer within {@code reply-timeout}.
 */
public class IpcOutboundGateway extends AbstractReplyProducingMessageHandler implements OutboundLifecycle {

	private final OutboundEndpointSupport state;

	public IpcOutboundGateway(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.state = new OutboundEndpointSupport(transport, spec, converter);
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.state.spec().transport() + "-outbound-gateway";
	}

	@Override
	protected void doInit() {
		super.doInit();
		this.state.beanName(getBeanName());
	}

	@Override
	protected Object handleRequestMessage(Message<?> requestMessage) {
		return this.state.request(requestMessage);
	}

	@Override
	public void destroy() {
		this.state.stop();
		super.destroy();
	}

}
