package io.ipcstarter.transport.datagram;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.HostPort;

/**
 * What the UDP server and client share: the size limit of a datagram and the endpoint's
 * socket address.
 */
final class Datagrams {

	/**
	 * Largest UDP payload over IPv4: 65,535 less the 8-byte UDP and 20-byte IP headers.
	 */
	static final int MAX_PAYLOAD = 65_507;

	private Datagrams() {
	}

	/**
	 * The largest message an endpoint takes: its {@code max-message-size}, except that
	 * the default (1 MiB, made for streams) means the largest datagram.
	 */
	static int limit(EndpointSpec spec) {
		int max = spec.maxMessageSize();
		return (max == EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) ? MAX_PAYLOAD : Math.min(max, MAX_PAYLOAD);
	}

	/** The endpoint's address, resolved. */
	static InetSocketAddress resolve(EndpointSpec spec) {
		HostPort hp = HostPort.parse(spec.address());
		return new InetSocketAddress(hp.host(), hp.port());
	}

	/** An address as logs and the actuator show it: {@code 127.0.0.1:7070}. */
	static String describe(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? HostPort.describe(inet) : String.valueOf(address);
	}

	/**
	 * The protocol family of a socket that binds this address: {@link #family}, except
	 * for a loopback broadcast address such as 127.255.255.255. The JDK refuses to bind
	 * an IPv4 socket to one on Linux (its NET_Bind turns 127.x.x.255 into EADDRNOTAVAIL
	 * before asking the OS), while an IPv6 socket binds it as an IPv4-mapped address and
	 * receives the broadcasts: a receiver stays on loopback without binding every
	 * interface.
	 */
	static ProtocolFamily familyToBind(InetSocketAddress address) {
		return isLoopbackBroadcast(address.getAddress()) ? StandardProtocolFamily.INET6 : family(address);
	}

	/**
	 * Whether this is an IPv4 loopback address that ends in 255 (127.255.255.255, the
	 * broadcast of lo's /8).
	 */
	static boolean isLoopbackBroadcast(@Nullable InetAddress address) {
		byte[] ip = (address != null) ? address.getAddress() : new byte[0];
		return ip.length == 4 && ip[0] == 127 && ip[3] == (byte) 255;
	}

	/** The protocol family of sockets that bind or send to this address. */
	static ProtocolFamily family(InetSocketAddress address) {
		return (address.getAddress() instanceof Inet6Address) ? StandardProtocolFamily.INET6
				: StandardProtocolFamily.INET;
	}

}
