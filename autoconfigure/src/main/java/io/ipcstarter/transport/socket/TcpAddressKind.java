package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.ipcstarter.transport.Durations;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Peer;

/**
 * TCP sockets: the address is {@code host:port}, {@code [ipv6]:port} or a bare port,
 * which means {@code 127.0.0.1}: an endpoint is reachable from other machines only when
 * its address says so, and then a warning at start-up says so too.
 */
final class TcpAddressKind implements SocketAddressKind {

	private static final System.Logger logger = System.getLogger(TcpAddressKind.class.getName());

	/**
	 * Endpoints warned about already: the spec of one endpoint is checked more than once
	 * at start-up.
	 */
	private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

	@Override
	public ProtocolFamily family() {
		// also opens IPv6 sockets where the address needs one
		return StandardProtocolFamily.INET;
	}

	@Override
	public void validate(EndpointSpec spec) {
		InetAddress host = HostPort.checkAddress(spec);
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids", "TCP cannot tell which user a peer runs as",
					"Remove allowed-uids, or use transport unix-socket, which checks the peer's uid");
		}
		TcpOptions options = spec.option(TcpOptions.class);
		TcpOptions.Ssl ssl = (options != null) ? options.getSsl() : new TcpOptions.Ssl();
		validateSsl(spec, ssl);
		if (spec.role().isInbound() && !host.isLoopbackAddress() && !ssl.enabled()) {
			warnBeyondLoopback(spec);
		}
	}

	private static void validateSsl(EndpointSpec spec, TcpOptions.Ssl ssl) {
		if (ssl.getBundle() != null && ssl.getBundle().isBlank()) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.bundle", "no bundle name given",
					"Name a bundle declared under spring.ssl.bundle.pem.<name> or spring.ssl.bundle.jks.<name>, "
							+ "or remove the key for plain text");
		}
		Duration handshake = ssl.getHandshakeTimeout();
		if (handshake == null || handshake.isNegative() || handshake.isZero()) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.handshake-timeout",
					"must be positive, was " + ((handshake != null) ? Durations.simple(handshake) : null),
					"Set it to a positive duration, e.g. 10s");
		}
		if (ssl.getClientAuth() == null) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.client-auth", "no value given",
					"Set it to none, want or need, or leave the key out for none");
		}
		if (ssl.getClientAuth() != TlsClientAuth.NONE) {
			if (!ssl.enabled()) {
				throw new InvalidEndpointException(spec.name(), "tcp.ssl.client-auth",
						"client certificates are part of TLS, which is off: no tcp.ssl.bundle is named",
						"Name the SSL bundle with tcp.ssl.bundle, or remove tcp.ssl.client-auth");
			}
			if (!spec.role().isInbound()) {
				throw new InvalidEndpointException(spec.name(), "tcp.ssl.client-auth",
						"only a listening (inbound) endpoint asks its peers for certificates; this one is "
								+ spec.role().id(),
						"Remove tcp.ssl.client-auth: a sending endpoint presents the key of its bundle when the "
								+ "listener asks for one");
			}
		}
	}

	/**
	 * Said once per endpoint and address in this JVM, when it is validated at start-up
	 * (not on every start, nor each time a spec is checked): a listener other machines
	 * can reach, with nothing (no TLS yet, no peer check) between them and the
	 * application's channels.
	 */
	private static void warnBeyondLoopback(EndpointSpec spec) {
		if (!WARNED.add(spec.name() + "@" + spec.address())) {
			return;
		}
		logger.log(System.Logger.Level.WARNING, "IPC endpoint '" + spec.name() + "' (tcp, " + spec.role().id()
				+ ") listens on " + spec.address() + ", beyond loopback and without TLS: any host that reaches this "
				+ "address can send it messages, and they cross the network in plain text. Bind 127.0.0.1 (or give a "
				+ "bare port) unless other machines must connect; then name an SSL bundle with tcp.ssl.bundle "
				+ "(and tcp.ssl.client-auth: need to admit only peers with a trusted certificate) and let a "
				+ "firewall choose who may connect");
	}

	@Override
	public SocketAddress resolve(EndpointSpec spec) {
		HostPort hp = HostPort.parse(spec.address());
		return new InetSocketAddress(hp.host(), hp.port());
	}

	@Override
	public Runnable bind(ServerSocketChannel server, SocketAddress address, EndpointSpec spec) throws IOException {
		server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
		server.bind(address, 128);
		return () -> {
		};
	}

	@Override
	public void configure(SocketChannel channel) throws IOException {
		channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
	}

	@Override
	public Peer peerOf(SocketChannel channel, long connectionNumber) {
		try {
			return Peer.of(describe(channel.getRemoteAddress()));
		}
		catch (IOException ex) {
			return Peer.of("tcp#" + connectionNumber);
		}
	}

	@Override
	public String describe(SocketAddress address) {
		return (address instanceof InetSocketAddress inet) ? HostPort.describe(inet) : String.valueOf(address);
	}

}
