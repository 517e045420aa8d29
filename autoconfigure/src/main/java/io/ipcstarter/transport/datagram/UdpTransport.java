package io.ipcstarter.transport.datagram;

import java.net.InetAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code udp}: each message is one UDP datagram, with no framing and no
 * connection. {@code address} is {@code host:port}, {@code [v6]:port} or a bare port,
 * which means {@code 127.0.0.1}: a datagram leaves this machine only when the address
 * says so, and then a warning at start-up says so too. Delivery is at most once and
 * unordered: the OS drops what a full receive buffer cannot take, and the sender is not
 * told; on Linux the receiver reads the OS's count of them and reports them as
 * {@code dropped} (see {@link UdpServer}). An {@code inbound-gateway} answers each
 * request with one datagram to the address it came from; an {@code outbound-gateway} has
 * one request outstanding per socket (a pool of {@code pool-size}), so a reply needs no
 * correlation id and a plain peer can answer. Broadcast ({@code udp.broadcast}) and
 * multicast ({@code udp.multicast-group}, {@code udp.interface}, {@code udp.ttl}) are off
 * unless asked for; a multicast group is joined or sent to on a named interface only,
 * with a ttl of 0 (this host) unless told, and start-up warns once when they may leave
 * the host.
 */
public final class UdpTransport implements IpcTransport {

	private static final System.Logger logger = System.getLogger(UdpTransport.class.getName());

	/**
	 * Endpoints warned about already: the spec of one endpoint is checked more than once
	 * at start-up.
	 */
	private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

	/** 255.255.255.255: every host on the link, whatever its subnet. */
	private static final InetAddress LIMITED_BROADCAST = limitedBroadcast();

	@Override
	public String id() {
		return "udp";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public Class<UdpOptions> optionsType() {
		return UdpOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		InetAddress host = HostPort.checkAddress(spec);
		if (spec.maxMessageSize() > Datagrams.MAX_PAYLOAD
				&& spec.maxMessageSize() != EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) {
			throw new InvalidEndpointException(spec.name(), "max-message-size",
					"a UDP datagram carries at most " + Datagrams.MAX_PAYLOAD + " bytes, " + spec.maxMessageSize()
							+ " were asked for",
					"Set it to 65507B or less, or use a stream transport (tcp, unix-socket) for larger messages");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids", "UDP cannot tell which user a peer runs as",
					"Remove allowed-uids, or use transport unix-socket, which checks the peer's uid");
		}
		if (options(spec).getReceiveBufferSize() < 0) {
			throw new InvalidEndpointException(spec.name(), "udp.receive-buffer-size",
					"must not be negative, was " + options(spec).getReceiveBufferSize(),
					"Set it to 0 (the system default) or a size in bytes, e.g. 4194304");
		}
		UdpGroup group = checkGroup(spec, options(spec));
		checkBroadcast(spec, options(spec), host);
		if (group != null) {
			warnIfGroupBeyondLoopback(spec, group, options(spec).getTtl());
		}
		else if (!host.isLoopbackAddress()) {
			warnBeyondLoopback(spec, options(spec).isBroadcast());
		}
	}

	/**
	 * The multicast keys: a group and its interface, or neither; a ttl only for a group,
	 * and one that fits.
	 */
	private static @Nullable UdpGroup checkGroup(EndpointSpec spec, UdpOptions options) {
		if (options.getTtl() < 0 || options.getTtl() > UdpOptions.MAX_TTL) {
			throw new InvalidEndpointException(spec.name(), "udp.ttl",
					"must be 0 to " + UdpOptions.MAX_TTL + ", was " + options.getTtl(),
					"Set it to 0 to keep multicast datagrams on this host, or 1 for the interface's link");
		}
		UdpGroup group = UdpGroup.of(spec, options);
		if (group == null) {
			if (options.getInterface() != null) {
				throw new InvalidEndpointException(spec.name(), "udp.interface",
						"is used only with udp.multicast-group, which is not set",
						"Set udp.multicast-group too, or remove udp.interface (the address chooses where to bind)");
			}
			if (options.getTtl() != 0) {
				throw new InvalidEndpointException(spec.name(), "udp.ttl",
						"is used only with udp.multicast-group, which is not set",
						"Set udp.multicast-group too, or remove udp.ttl");
			}
			return null;
		}
		if (spec.role().isGateway()) {
			throw new InvalidEndpointException(spec.name(), "udp.multicast-group",
					"a " + spec.role().id() + " cannot use a multicast group: replies come from single hosts, "
							+ "not from the group, so a request to a group has no one reply",
					"Use role inbound or outbound for the group, and a unicast gateway for request/reply");
		}
		if (options.isBroadcast()) {
			throw new InvalidEndpointException(spec.name(), "udp.broadcast",
					"cannot be combined with udp.multicast-group",
					"Remove one of them: a multicast endpoint sends to its group, a broadcasting one to its address");
		}
		return group;
	}

	/**
	 * {@code udp.broadcast} is for senders only, and a sender needs it for the limited
	 * broadcast address 255.255.255.255. A subnet's broadcast address (127.255.255.255)
	 * cannot be told from here: the OS refuses the first send to it, and
	 * {@link UdpClient} then names the key.
	 */
	private static void checkBroadcast(EndpointSpec spec, UdpOptions options, InetAddress host) {
		if (options.isBroadcast() && spec.role() != Role.OUTBOUND) {
			throw new InvalidEndpointException(spec.name(), "udp.broadcast",
					"only an outbound endpoint broadcasts; " + "a " + spec.role().id() + " cannot",
					"Remove it: an inbound endpoint receives broadcasts when its address is the broadcast address "
							+ "(e.g. 127.255.255.255:9100) or 0.0.0.0:port, without any key");
		}
		if (!options.isBroadcast() && !spec.role().isInbound() && host.equals(LIMITED_BROADCAST)) {
			throw new InvalidEndpointException(spec.name(), "udp.broadcast",
					"is needed to send to the broadcast address " + spec.address(),
					"Set udp.broadcast: true if every host on the link should get these datagrams");
		}
	}

	/**
	 * Said once per endpoint: an inbound endpoint joined on an interface other than
	 * loopback takes the group's datagrams from any host on that link; an outbound one
	 * with a ttl above 0 puts them on the link.
	 */
	private static void warnIfGroupBeyondLoopback(EndpointSpec spec, UdpGroup group, int ttl) {
		boolean loopback;
		try {
			loopback = group.networkInterface().isLoopback();
		}
		catch (SocketException ex) {
			loopback = false;
		}
		String what;
		if (spec.role().isInbound() && !loopback) {
			what = "joins multicast group " + group.group().getHostAddress() + " on interface "
					+ group.networkInterface().getName() + ", beyond loopback: any host on its link can send "
					+ "datagrams to the group";
		}
		else if (!spec.role().isInbound() && ttl > 0) {
			what = "sends to multicast group " + group.group().getHostAddress() + " with ttl " + ttl
					+ ": its datagrams leave this host on interface " + group.networkInterface().getName()
					+ ((ttl > 1) ? " and routers may forward them" : "") + ", unencrypted";
		}
		else {
			return;
		}
		warnOnce(spec, what + ". Use interface lo and ttl 0 unless other machines must take part");
	}

	/**
	 * Said once per endpoint and address in this JVM: datagrams that other machines can
	 * send (an inbound endpoint) or that leave this one (an outbound endpoint), with
	 * nothing checking who is on the other side.
	 */
	private static void warnBeyondLoopback(EndpointSpec spec, boolean broadcast) {
		String what = spec.role().isInbound()
				? "listens on " + spec.address() + ", beyond loopback: any host that reaches this address can send "
						+ "it datagrams, and their source addresses can be forged"
				: (broadcast ? "broadcasts to " : "sends to ") + spec.address()
						+ ", beyond loopback: its messages leave this machine unencrypted";
		warnOnce(spec, what + ". Use 127.0.0.1 (or a bare port) unless other machines must take part");
	}

	private static void warnOnce(EndpointSpec spec, String what) {
		if (!WARNED.add(spec.name() + "@" + spec.address())) {
			return;
		}
		logger.log(System.Logger.Level.WARNING,
				"IPC endpoint '" + spec.name() + "' (udp, " + spec.role().id() + ") " + what);
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new UdpServer(spec, options(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new UdpClient(spec, options(spec));
	}

	private static InetAddress limitedBroadcast() {
		try {
			return InetAddress.getByAddress(new byte[] { -1, -1, -1, -1 });
		}
		catch (UnknownHostException ex) {
			// cannot happen: four bytes are an IPv4 address
			throw new IllegalStateException(ex);
		}
	}

	private static UdpOptions options(EndpointSpec spec) {
		UdpOptions options = spec.option(UdpOptions.class);
		return (options != null) ? options : new UdpOptions();
	}

}
