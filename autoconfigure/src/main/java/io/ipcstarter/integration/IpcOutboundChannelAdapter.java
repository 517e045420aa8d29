package io.ipcstarter.integration;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.integration.handler.AbstractMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each message it handles to a peer over any IPC transport, one-way. Returns once the transport has taken the
 * message; throws an {@link IpcMessagingException} when it could not within {@code send-timeout}.
 */
public class IpcOutboundChannelAdapter extends AbstractMessageHandler implements ManageableLifecycle, IpcEndpoint {

	private final OutboundEndpointSupport support;

	public IpcOutboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.support = new OutboundEndpointSupport(transport, spec, converter);
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.support.spec().transport() + "-outbound-channel-adapter";
	}

	@Override
	protected void handleMessageInternal(Message<?> message) {
		this.support.send(message);
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
