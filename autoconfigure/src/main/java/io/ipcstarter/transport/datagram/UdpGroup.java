package io.ipcstarter.transport.datagram;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * The multicast group of a {@code udp} endpoint and the interface it is joined on or sent
 * from, checked and resolved from {@code udp.multicast-group} and {@code udp.interface}.
 * The endpoint's {@code address} then gives the group's port: a bare port, or
 * {@code group:port}.
 *
 * @param group the multicast address
 * @param networkInterface the interface, named explicitly: there is no implicit default
 * @param port the group's port, from the address
 */
record UdpGroup(InetAddress group, NetworkInterface networkInterface, int port) {

	/** Where the group's datagrams go: the group and its port. */
	InetSocketAddress socketAddress() {
		return new InetSocketAddress(this.group, this.port);
	}

	/**
	 * The interface's first address of the group's family, or {@code null} when it has
	 * none.
	 */
	@Nullable InetAddress interfaceAddress() {
		return Collections.list(this.networkInterface.getInetAddresses())
			.stream()
			.filter((address) -> address.getClass() == this.group.getClass())
			.findFirst()
			.orElse(null);
	}

	/**
	 * The endpoint's group, or {@code null} when it names none.
	 * @throws InvalidEndpointException naming the key that is wrong
	 */
	static @Nullable UdpGroup of(EndpointSpec spec, UdpOptions options) {
		String name = options.getMulticastGroup();
		if (name == null || name.isBlank()) {
			return null;
		}
		InetAddress group;
		try {
			group = InetAddress.getByName(name.trim());
		}
		catch (UnknownHostException ex) {
			throw new InvalidEndpointException(spec.name(), "udp.multicast-group",
					"'" + name + "' is not an IP address", "Set it to a multicast address, e.g. 239.1.2.3", ex);
		}
		if (!group.isMulticastAddress()) {
			throw new InvalidEndpointException(spec.name(), "udp.multicast-group",
					"'" + name + "' is not a multicast address (IPv4 224.0.0.0/4, IPv6 ff00::/8)",
					"Set it to a multicast address, e.g. 239.1.2.3 (239.0.0.0/8 is for private use)");
		}
		HostPort address = HostPort.parse(spec.address());
		boolean barePort = !spec.address().contains(":") || spec.address().trim().startsWith(":");
		if (!barePort && !hostIs(address.host(), group)) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + spec.address() + "' names a host other than the multicast group " + name,
					"Set it to the group's port alone, e.g. 9100 (or " + name + ":9100)");
		}
		return new UdpGroup(group, networkInterface(spec, options), address.port());
	}

	private static boolean hostIs(String host, InetAddress group) {
		try {
			return InetAddress.getByName(host).equals(group);
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private static NetworkInterface networkInterface(EndpointSpec spec, UdpOptions options) {
		String name = options.getInterface();
		if (name == null || name.isBlank()) {
			throw new InvalidEndpointException(spec.name(), "udp.interface",
					"is required with udp.multicast-group: there is no implicit default interface",
					"Set it to lo to keep the group on this machine, or to the interface whose link should take part");
		}
		NetworkInterface found = find(name.trim());
		if (found == null) {
			throw new InvalidEndpointException(spec.name(), "udp.interface",
					"there is no network interface named '" + name + "' (this machine has " + known() + ")",
					"Set it to one of those, e.g. lo");
		}
		return found;
	}

	/**
	 * An interface by name, {@code null} when there is none (or the OS will not list
	 * them).
	 */
	static @Nullable NetworkInterface find(String name) {
		try {
			return NetworkInterface.getByName(name);
		}
		catch (SocketException ex) {
			return null;
		}
	}

	private static String known() {
		try {
			return NetworkInterface.networkInterfaces()
				.map(NetworkInterface::getName)
				.collect(Collectors.joining(", "));
		}
		catch (SocketException ex) {
			return "none that the OS lists: " + ex.getMessage();
		}
	}

}
