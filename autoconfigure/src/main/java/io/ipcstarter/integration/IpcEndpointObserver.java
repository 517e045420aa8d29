package io.ipcstarter.integration;

import io.ipcstarter.transport.ErrorReason;

/**
 * What an IPC endpoint reports about its traffic, for meters and health. Implementations
 * are called on hot paths: they must not allocate or block.
 */
public interface IpcEndpointObserver {

	/** Observes nothing. */
	IpcEndpointObserver NONE = new IpcEndpointObserver() {
	};

	/** A message came in. */
	default void received(int bytes) {
	}

	/**
	 * A message went out; for an outbound gateway {@code nanos} is the whole round trip.
	 */
	default void sent(int bytes, long nanos) {
	}

	/** Something failed without stopping the endpoint. */
	default void failed(ErrorReason reason, Throwable cause) {
	}

}
