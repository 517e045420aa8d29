package io.ipcstarter.transport.datagram;

import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code udp}: each message is one UDP datagram, with no framing and no connection. {@code address} is
 * {@code host:port}, {@code [v6]:port} or a bare port, which means {@code 127.0.0.1}: a datagram leaves this machine
 * only when the address says so, and then a warning at start-up says so too. Delivery is at most once and unordered:
 * the OS drops what a full receive buffer cannot take, and nobody is told. An {@code inbound-gateway} answers each
 * request with one datagram to the address it came from; an {@code outbound-gateway} has one request outstanding
 * per socket (a pool of {@code pool-size}), so a reply needs no correlation id and a plain peer can answer.
 */
public final class UdpTransport implements IpcTransport {

	private static final System.Logger logger = System.getLogger(UdpTransport.class.getName());

	/** Endpoints warned about already: the spec of one endpoint is checked more than once at start-up. */
	private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

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
			throw new InvalidEndpointException(spec.name(), "max-message-size", "a UDP datagram carries at most "
					+ Datagrams.MAX_PAYLOAD + " bytes, " + spec.maxMessageSize() + " were asked for",
					"Set it to 65507B or less, or use a stream transport (tcp, unix-socket) for larger messages");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids",
					"UDP cannot tell which user a peer runs as",
					"Remove allowed-uids, or use transport unix-socket, which checks the peer's uid");
		}
		if (options(spec).getReceiveBufferSize() < 0) {
			throw new InvalidEndpointException(spec.name(), "udp.receive-buffer-size",
					"must not be negative, was " + options(spec).getReceiveBufferSize(),
					"Set it to 0 (the system default) or a size in bytes, e.g. 4194304");
		}
		if (!host.isLoopbackAddress()) {
			warnBeyondLoopback(spec);
		}
	}

	/**
	 * Said once per endpoint and address in this JVM: datagrams that other machines can send (an inbound endpoint)
	 * or that leave this one (an outbound endpoint), with nothing checking who is on the other side.
	 */
	private static void warnBeyondLoopback(EndpointSpec spec) {
		if (!WARNED.add(spec.name() + "@" + spec.address())) {
			return;
		}
		String what = spec.role().isInbound()
				? "listens on " + spec.address() + ", beyond loopback: any host that reaches this address can send "
						+ "it datagrams, and their source addresses can be forged"
				: "sends to " + spec.address() + ", beyond loopback: its messages leave this machine unencrypted";
		logger.log(System.Logger.Level.WARNING, "IPC endpoint '" + spec.name() + "' (udp, " + spec.role().id() + ") "
				+ what + ". Use 127.0.0.1 (or a bare port) unless other machines must take part");
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new UdpServer(spec, options(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new UdpClient(spec);
	}

	private static UdpOptions options(EndpointSpec spec) {
		UdpOptions options = spec.option(UdpOptions.class);
		return (options != null) ? options : new UdpOptions();
	}

}
