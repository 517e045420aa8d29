package io.ipcstarter.integration.dsl;

import org.springframework.integration.dsl.MessageHandlerSpec;

import io.ipcstarter.integration.IpcOutboundChannelAdapter;

/**
 * DSL spec of an {@link IpcOutboundChannelAdapter}: sends each message to an IPC peer,
 * one-way.
 */
public class IpcOutboundChannelAdapterSpec
		extends MessageHandlerSpec<IpcOutboundChannelAdapterSpec, IpcOutboundChannelAdapter> {

	IpcOutboundChannelAdapterSpec(IpcOutboundChannelAdapter adapter) {
		this.target = adapter;
	}

}
