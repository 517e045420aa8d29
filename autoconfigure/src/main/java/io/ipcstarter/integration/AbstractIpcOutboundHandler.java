package io.ipcstarter.integration;

import org.springframework.integration.handler.AbstractReplyProducingMessageHandler;
import org.springframework.integration.support.management.ManageableLifecycle;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * What the outbound adapter and the outbound gateway are alike: a message handler whose
 * state, lifecycle and view are its {@link OutboundEndpointSupport}. The subclasses say
 * only what they do with a message: send it, or send it and produce the reply.
 */
public abstract class AbstractIpcOutboundHandler extends AbstractReplyProducingMessageHandler
		implements ManageableLifecycle, IpcEndpoint {

	private final OutboundEndpointSupport state;

	private final String kind;

	/**
	 * @param kind what the subclass is, for {@link #getComponentType()}:
	 * {@code outbound-channel-adapter} or {@code outbound-gateway}
	 */
	AbstractIpcOutboundHandler(IpcTransport transport, EndpointSpec spec, PayloadConverter converter, String kind) {
		this.state = new OutboundEndpointSupport(transport, spec, converter, this::getBeanName);
		this.kind = kind;
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	/** The state, with what only outbound endpoints do: send and request. */
	final OutboundEndpointSupport outbound() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return this.state.componentType(this.kind);
	}

	@Override
	public void start() {
		this.state.start();
	}

	@Override
	public void stop() {
		this.state.stop();
	}

	@Override
	public boolean isRunning() {
		return this.state.isRunning();
	}

	@Override
	public void destroy() {
		this.state.stop();
		super.destroy();
	}

}
