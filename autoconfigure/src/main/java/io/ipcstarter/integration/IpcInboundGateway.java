package io.ipcstarter.integration;

import org.springframework.integration.MessageTimeoutException;
import org.springframework.integration.gateway.MessagingGatewaySupport;
import org.springframework.messaging.Message;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener.Reply;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;

/**
 * Receives requests from peers over any duplex IPC transport, sends each to its request
 * channel, and writes the reply back to the peer that asked. A request that produces no
 * reply within {@code reply-timeout}, or whose handling fails, is reported and its
 * connection closed, so the peer fails at once instead of waiting.
 */
public class IpcInboundGateway extends MessagingGatewaySupport implements IpcEndpoint {

	private final InboundEndpointSupport state;

	public IpcInboundGateway(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		super(true);
		this.state = new InboundEndpointSupport(transport, spec, converter, this::getBeanName, this::exchange);
		setReplyTimeout(spec.replyTimeout().toMillis());
	}

	@Override
	public IpcEndpointState state() {
		return this.state;
	}

	@Override
	public String getComponentType() {
		return this.state.componentType("inbound-gateway");
	}

	@Override
	protected void doStart() {
		super.doStart();
		this.state.start(getBeanFactory(), this::getErrorChannel);
	}

	@Override
	protected void doStop() {
		this.state.stop();
		super.doStop();
	}

	/** Send the request downstream and write the reply back to the peer that asked. */
	private void exchange(Message<?> request, Peer peer, Reply reply) throws Exception {
		long start = System.nanoTime();
		Message<?> answer;
		try {
			answer = sendAndReceiveMessage(request);
		}
		catch (MessageTimeoutException ex) {
			throw noReply(peer, ex);
		}
		// an error flow on the error channel took the timeout and gave no reply either
		if (answer == null) {
			throw noReply(peer, null);
		}
		byte[] bytes = this.state.converter().toBytes(answer, this.state.spec().name());
		reply.send(bytes);
		this.state.observer().sent(bytes.length, System.nanoTime() - start);
	}

	private IpcException noReply(Peer peer, Throwable cause) {
		return new IpcException(
				ErrorReason.TIMEOUT, "No reply within reply-timeout "
						+ Durations.simple(this.state.spec().replyTimeout()) + " for a request from " + peer.id(),
				cause);
	}

}
