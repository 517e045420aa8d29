package io.ipcstarter.integration;

import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each request it handles to a peer over any duplex IPC transport and produces the
 * peer's reply (to its output channel, or the request's {@code replyChannel} header).
 * Throws an {@link IpcMessagingException} when the peer cannot be reached within
 * {@code send-timeout} or does not answer within {@code reply-timeout}.
 */
public class IpcOutboundGateway extends AbstractIpcOutboundHandler {

	public IpcOutboundGateway(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		super(transport, spec, converter, "outbound-gateway");
	}

	@Override
	protected Object handleRequestMessage(Message<?> requestMessage) {
		return outbound().request(requestMessage);
	}

}
