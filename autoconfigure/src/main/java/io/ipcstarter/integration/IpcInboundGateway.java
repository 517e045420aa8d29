package io.ipcstarter.integration;

import java.util.Map;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * Receives requests from peers over any duplex IPC transport, sends each to its request channel, and writes the
 * reply back to the peer that asked. A request that produces no reply within {@code reply-timeout}, or whose
 * handling fails, is reported and its connection closed, so the peer fails at once instead of waiting.
 */
public class IpcInboundGateway extends MessagingGatewaySupport implements IpcEndpoint {

	private final InboundEndpointSupport support;

	private final InboundListener listener = new Listener();

	public IpcInboundGateway(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		super(true);
		this.support = new InboundEndpointSupport(transport, spec, converter);
		setReplyTimeout(spec.replyTimeout().toMillis());
	}

	@Override
	public String getComponentType() {
		return "ipc:" + this.support.spec().transport() + "-inbound-gateway";
	}

	@Override
	protected void onInit() {
		super.onInit();
		this.support.idsFrom(getBeanFactory());
	}

	@Override
	protected void doStart() {
		super.doStart();
		this.support.start(this.listener);
	}

	@Override
	protected void doStop() {
		this.support.stop();
		super.doStop();
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
			InboundEndpointSupport support = IpcInboundGateway.this.support;
			long start = System.nanoTime();
			support.receive(payload, peer, attributes, (request) -> {
				Message<?> answer;
				try {
					answer = sendAndReceiveMessage(request);
				}
				catch (MessageTimeoutException ex) {
					throw noReply(peer, ex);
				}
				if (answer == null) { // an error flow on the error channel took the timeout and gave no reply either
					throw noReply(peer, null);
				}
				byte[] bytes = support.converter().toBytes(answer, support.spec().name());
				reply.send(bytes);
				support.observer().sent(bytes.length, System.nanoTime() - start);
			});
		}

		private IpcException noReply(Peer peer, Throwable cause) {
			return new IpcException(ErrorReason.TIMEOUT, "No reply within reply-timeout "
					+ IpcInboundGateway.this.support.spec().replyTimeout() + " for a request from " + peer.id(), cause);
		}

		@Override
		public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
			IpcInboundGateway.this.support.reportError(reason, cause, peer,
					InboundEndpointSupport.sinkOf(() -> InboundEndpointSupport.errorChannel(getErrorChannel(), getBeanFactory())));
		}

	}

}
