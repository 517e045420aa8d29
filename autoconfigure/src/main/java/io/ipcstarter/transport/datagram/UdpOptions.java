package io.ipcstarter.transport.datagram;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code udp} transport ({@code ipc.endpoints.<name>.udp.*}). A plain
 * JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer binds
 * it. Broadcast and multicast are off unless asked for here.
 */
public class UdpOptions extends TransportOptions<UdpOptions> {

	/** Highest {@link #getTtl() ttl}: the IP header has one byte for it. */
	public static final int MAX_TTL = 255;

	/**
	 * Size in bytes of the operating system's receive buffer of the endpoint's socket
	 * (SO_RCVBUF), 0 for the system default. Datagrams that arrive while it is full are
	 * dropped by the OS (on Linux counted as ipc.errors reason dropped): raise it for
	 * bursts. The OS may cap it (on Linux at net.core.rmem_max).
	 */
	private int receiveBufferSize = 0;

	/**
	 * Multicast group (e.g. 239.1.2.3) that an inbound endpoint joins on the interface
	 * and an outbound endpoint sends to; the address then gives only the group's port.
	 * Requires the interface.
	 */
	private @Nullable String multicastGroup;

	/**
	 * Name of the network interface (e.g. lo) that an inbound endpoint joins the
	 * multicast group on and an outbound endpoint sends multicast datagrams from.
	 * Required with a multicast group: there is no implicit default.
	 */
	private @Nullable String networkInterface;

	/**
	 * Time to live of outgoing multicast datagrams (IP_MULTICAST_TTL), 0 to 255. 0 keeps
	 * them on this host; 1 reaches the interface's link; more crosses routers.
	 */
	private int ttl = 0;

	/**
	 * Whether an outbound endpoint may send to a broadcast address (SO_BROADCAST).
	 * Without it such a send fails.
	 */
	private boolean broadcast = false;

	public int getReceiveBufferSize() {
		return this.receiveBufferSize;
	}

	public void setReceiveBufferSize(int receiveBufferSize) {
		this.receiveBufferSize = receiveBufferSize;
	}

	public @Nullable String getMulticastGroup() {
		return this.multicastGroup;
	}

	public void setMulticastGroup(@Nullable String multicastGroup) {
		this.multicastGroup = multicastGroup;
	}

	// the key is udp.interface: a Java field cannot be called that, its getter and setter
	// can
	public @Nullable String getInterface() {
		return this.networkInterface;
	}

	public void setInterface(@Nullable String networkInterface) {
		this.networkInterface = networkInterface;
	}

	public int getTtl() {
		return this.ttl;
	}

	public void setTtl(int ttl) {
		this.ttl = ttl;
	}

	public boolean isBroadcast() {
		return this.broadcast;
	}

	public void setBroadcast(boolean broadcast) {
		this.broadcast = broadcast;
	}

}
