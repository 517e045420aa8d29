package io.ipcstarter.transport;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * An IP endpoint's address as users write it: {@code host:port}, {@code [v6]:port} or a
 * bare {@code port}, which means {@link #LOOPBACK}. Shared by the transports that speak
 * IP ({@code tcp}, {@code udp}), which must not depend on each other.
 *
 * @param host the host name or literal, brackets removed
 * @param port 0 to 65535
 */
public record HostPort(String host, int port) {

	/** The host of an address that names none: this machine only. */
	public static final String LOOPBACK = "127.0.0.1";

	/**
	 * Parse an address.
	 * @throws IllegalArgumentException saying what is wrong, for the transport to wrap in
	 * an {@link InvalidEndpointException}
	 */
	public static HostPort parse(String address) {
		String s = address.trim();
		String host = LOOPBACK;
		String port = s;
		int colon = s.lastIndexOf(':');
		if (colon >= 0) {
			host = s.substring(0, colon);
			port = s.substring(colon + 1);
			if (host.startsWith("[") && host.endsWith("]")) {
				host = host.substring(1, host.length() - 1);
			}
			if (host.isEmpty()) {
				host = LOOPBACK;
			}
		}
		int p;
		try {
			p = Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("the port '" + port + "' is not a number");
		}
		if (p < 0 || p > 65535) {
			throw new IllegalArgumentException("the port " + p + " is outside 0-65535");
		}
		return new HostPort(host, p);
	}

	/**
	 * Check an endpoint's address: it parses, its host resolves, and only an inbound
	 * endpoint has port 0 (any free port).
	 * @return the host, resolved
	 * @throws InvalidEndpointException naming {@code address}
	 */
	public static InetAddress checkAddress(EndpointSpec spec) {
		try {
			HostPort hp = parse(spec.address());
			if (hp.port() == 0 && !spec.role().isInbound()) {
				throw new IllegalArgumentException("port 0 only makes sense for an inbound endpoint");
			}
			return InetAddress.getByName(hp.host());
		}
		catch (IllegalArgumentException | UnknownHostException ex) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + spec.address() + "' is not a usable host:port (" + ex.getMessage() + ")",
					"Set it to host:port, e.g. 127.0.0.1:7070, or a bare port to use loopback", ex);
		}
	}

	/**
	 * A socket address as the actuator shows it: {@code 127.0.0.1:7070},
	 * {@code [::1]:7070}.
	 */
	public static String describe(InetSocketAddress address) {
		String host = (address.getAddress() != null) ? address.getAddress().getHostAddress() : address.getHostString();
		return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
	}

}
