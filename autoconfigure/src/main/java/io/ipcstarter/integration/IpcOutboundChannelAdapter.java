package io.ipcstarter.integration;

import org.springframework.messaging.Message;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;

/**
 * Sends each message it handles to a peer over any IPC transport, one-way, and produces
 * nothing. Returns once the transport has taken the message; throws an
 * {@link IpcMessagingException} when it could not within {@code send-timeout}.
 */
public class IpcOutboundChannelAdapter extends AbstractIpcOutboundHandler {

	public IpcOutboundChannelAdapter(IpcTransport transport, EndpointSpec spec, PayloadConverter converter) {
		super(transport, spec, converter, "outbound-channel-adapter");
	}

	@Override
	protected Object handleRequestMessage(Message<?> message) {
		outbound().send(message);
		return null; // one-way: no reply, and none required
	}

}
