package io.ipcstarter.integration.dsl;

import org.springframework.integration.dsl.MessageProducerSpec;

import io.ipcstarter.integration.IpcInboundChannelAdapter;

/**
 * DSL spec of an {@link IpcInboundChannelAdapter}: the flow's start for one-way messages
 * from IPC peers.
 */
public class IpcInboundChannelAdapterSpec
		extends MessageProducerSpec<IpcInboundChannelAdapterSpec, IpcInboundChannelAdapter> {

	IpcInboundChannelAdapterSpec(IpcInboundChannelAdapter adapter) {
		super(adapter);
	}

}
