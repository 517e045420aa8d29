package io.ipcstarter.integration;

import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.endpoint.MessageProducerSupport;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * Receives one-way messages from peers over any IPC transport and sends them to its output channel.
 */
public class IpcInboundChannelAdapter extends MessageProducerSupport implements IpcEndpoint {

	private final InboundEndpointSupport support;

	private final InboundListener listener = new Listener();

	/** Built once: a method reference made per message would be one more allocation on the receive path. */
	private final InboundEndpointSupport.Delivery delivery = this::sendMessage;

	public IpcInboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		this.support = new InboundEndpointSupport(transport, spec, converter);
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.support.spec().transport() + "-inbound-channel-adapter";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.support.idsFrom(getBeanFactory());
	}

	@Override
	protected void doStart() {
		this.support.start(this.listener);
	}

	@Override
	protected void doStop() {
		this.support.stop();
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
	public BacklogReporting getBacklogReporting() {
		return this.support.backlogReporting();
	}

	@Override
	public long getBacklog() {
		return this.support.backlog();
	}

	@Override
	public long getOldestWaitingMillis() {
		return this.support.oldestWaitingMillis();
	}

	@Override
	public long getFailingSince() {
		return this.support.failingSince();
	}

	@Override
	public void setObserver(IpcEndpointObserver observer) {
		this.support.observer(observer);
	}

	@Override
	public void setObservationRegistry(ObservationRegistry registry) {
		this.support.observationRegistry(registry);
	}


	private final class Listener implements InboundListener {

		@Override
		public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
			onMessage(payload, peer, reply, Map.of());
		}

		@Override
		public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
			IpcInboundChannelAdapter.this.support.receive(payload, peer, attributes,
					IpcInboundChannelAdapter.this.delivery);
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
			IpcInboundChannelAdapter.this.support.reportError(reason, cause, peer,
					InboundEndpointSupport.sinkOf(() -> InboundEndpointSupport.errorChannel(getErrorChannel(), getBeanFactory())));
		}

	}

}
