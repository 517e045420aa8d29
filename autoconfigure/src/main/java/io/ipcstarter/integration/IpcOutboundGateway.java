package io.ipcstarter.integration;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each request it handles to a peer over any duplex IPC transport and produces the peer's reply (to its
 * output channel, or the request's {@code replyChannel} header). Throws an {@link IpcMessagingException} when the
 * peer cannot be reached within {@code send-timeout} or does not answer within {@code reply-timeout}.
 */
public class IpcOutboundGateway extends AbstractReplyProducingMessageHandler implements ManageableLifecycle, IpcEndpoint {

	private final OutboundEndpointSupport support;

	public IpcOutboundGateway(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.support = new OutboundEndpointSupport(transport, spec, converter);
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.support.spec().transport() + "-outbound-gateway";
	}

	@Override
	protected Object handleRequestMessage(Message<?> requestMessage) {
		return this.support.request(requestMessage);
	}

	@Override
	public void start() {
		this.support.start();
	}

	@Override
	public void stop() {
		this.support.stop();
	}

	@Override
	public boolean isRunning() {
		return this.support.isRunning();
	}

	@Override
	public void destroy() {
		this.support.stop();
		super.destroy();
	}

	@Override
	public EndpointSpec getSpec() {
		return this.support.spec();
	}

	@Override
	public String getAddress() {
		return this.support.address();
	}

	@Override
	public int getPeerCount() {
		return this.support.peerCount();
	}

	@Override
	public void setObserver(IpcEndpointObserver observer) {
		this.support.observer(observer);
	}

	@Override
	public void setObservationRegistry(ObservationRegistry registry) {
		this.support.observationRegistry(registry);
	}

}
