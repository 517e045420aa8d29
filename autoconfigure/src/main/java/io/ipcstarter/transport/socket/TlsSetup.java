package io.ipcstarter.transport.socket;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * The TLS of one {@code tcp} endpoint as its acceptor or connector uses it: the key
 * material and the endpoint's {@code tcp.ssl.*} choices, making one {@link TlsEngine} per
 * connection.
 */
final class TlsSetup {

	private final TlsContext context;

	private final TcpOptions.Ssl ssl;

	private TlsSetup(TlsContext context, TcpOptions.Ssl ssl) {
		this.context = context;
		this.ssl = ssl;
	}

	/**
	 * The endpoint's TLS, or {@code null} when it speaks plain text.
	 * @throws InvalidEndpointException when a bundle is named but was never resolved into
	 * key material (an endpoint made in code must give the context itself)
	 */
	static @Nullable TlsSetup of(EndpointSpec spec) {
		TcpOptions options = spec.option(TcpOptions.class);
		if (options == null || !options.getSsl().enabled()) {
			return null;
		}
		TcpOptions.Ssl ssl = options.getSsl();
		TlsContext context = ssl.context();
		if (context == null) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.bundle",
					"SSL bundle '" + ssl.getBundle() + "' was not resolved into key material",
					"Declare the endpoint in application.yml, where the starter resolves the bundle through "
							+ "Spring Boot's SslBundles, or give the key material in code with "
							+ "TcpOptions.getSsl().context(sslContext)");
		}
		return new TlsSetup(context, ssl);
	}

	TlsEngine serverEngine() {
		return new TlsEngine(this.context.serverEngine(this.ssl.getClientAuth()),
				this.ssl.getHandshakeTimeout().toNanos());
	}

	TlsEngine clientEngine(SocketAddress address) {
		InetSocketAddress inet = (InetSocketAddress) address;
		return new TlsEngine(
				this.context.clientEngine(inet.getHostString(), inet.getPort(), this.ssl.isVerifyHostname()),
				this.ssl.getHandshakeTimeout().toNanos());
	}

}
