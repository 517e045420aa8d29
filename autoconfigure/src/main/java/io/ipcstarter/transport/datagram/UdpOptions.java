package io.ipcstarter.transport.datagram;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code udp} transport ({@code ipc.endpoints.<name>.udp.*}). A plain JavaBean: the transport layer
 * knows nothing of Spring; the autoconfigure layer binds it.
 */
public class UdpOptions extends TransportOptions<UdpOptions> {

	/**
	 * Size in bytes of the operating system's receive buffer of the endpoint's socket (SO_RCVBUF), 0 for the system
	 * default. Datagrams that arrive while it is full are dropped by the OS, unseen and uncounted: raise it for
	 * bursts. The OS may cap it (on Linux at net.core.rmem_max).
	 */
	private int receiveBufferSize = 0;

	public int getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(int receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

}
