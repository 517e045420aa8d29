package io.ipcstarter.transport.socket;

import java.util.List;
import java.util.Objects;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.jspecify.annotations.Nullable;

/**
 * The key material and protocol choices of a TLS {@code tcp} endpoint, in plain JDK
 * types: an {@link SSLContext}, and the protocols and cipher suites to enable (all the
 * context's defaults when none are named). The autoconfigure layer makes one from a
 * Spring Boot SSL bundle and {@linkplain #update replaces} its content when the bundle is
 * reloaded; each new connection takes what is current, connections already open keep the
 * keys they were made with. Code that builds endpoints without Spring makes one with
 * {@link #of(SSLContext)}.
 */
public final class TlsContext {

	private volatile Material material;

	private TlsContext(Material material) {
		this.material = material;
	}

	/** The context's default protocols and cipher suites. */
	public static TlsContext of(SSLContext context) {
		return of(context, null, null);
	}

	/**
	 * @param protocols the protocols to enable (e.g. {@code TLSv1.3}), {@code null} for
	 * the context's defaults
	 * @param ciphers the cipher suites to enable, {@code null} for the context's defaults
	 */
	public static TlsContext of(SSLContext context, String @Nullable [] protocols, String @Nullable [] ciphers) {
		return new TlsContext(new Material(context, protocols, ciphers));
	}

	/**
	 * Use other keys and settings from the next connection on (a reloaded certificate).
	 */
	public void update(SSLContext context, String @Nullable [] protocols, String @Nullable [] ciphers) {
		this.material = new Material(context, protocols, ciphers);
	}

	/** The context new connections are made with. */
	public SSLContext sslContext() {
		return this.material.context;
	}

	/** An engine for a connection accepted by a listening endpoint. */
	SSLEngine serverEngine(TlsClientAuth clientAuth) {
		SSLEngine engine = this.material.engine(null, -1);
		engine.setUseClientMode(false);
		switch (clientAuth) {
			case NEED -> engine.setNeedClientAuth(true);
			case WANT -> engine.setWantClientAuth(true);
			case NONE -> {
			}
		}
		return engine;
	}

	/**
	 * An engine for a connection to {@code host}: with {@code verifyHostname}, the peer's
	 * certificate must name the host (as HTTPS checks it), and the host travels as the
	 * server name indication when it is a name.
	 */
	SSLEngine clientEngine(String host, int port, boolean verifyHostname) {
		SSLEngine engine = this.material.engine(host, port);
		engine.setUseClientMode(true);
		if (verifyHostname) {
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			engine.setSSLParameters(parameters);
		}
		// a name, not an address
		if (!host.isEmpty() && !host.matches("[0-9.]+") && !host.contains(":")) {
			SSLParameters parameters = engine.getSSLParameters();
			parameters.setServerNames(List.of(new SNIHostName(host)));
			engine.setSSLParameters(parameters);
		}
		return engine;
	}

	private record Material(SSLContext context, String @Nullable [] protocols, String @Nullable [] ciphers) {

		Material {
			Objects.requireNonNull(context, "context");
		}

		SSLEngine engine(@Nullable String host, int port) {
			SSLEngine engine = (host != null) ? this.context.createSSLEngine(host, port)
					: this.context.createSSLEngine();
			if (this.protocols != null && this.protocols.length > 0) {
				engine.setEnabledProtocols(this.protocols);
			}
			if (this.ciphers != null && this.ciphers.length > 0) {
				engine.setEnabledCipherSuites(this.ciphers);
			}
			return engine;
		}

	}

}
