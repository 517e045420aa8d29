package io.ipcstarter.transport.socket;

import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Options of the {@code tcp} transport ({@code ipc.endpoints.<name>.tcp.*}): so far its
 * TLS. A plain JavaBean: the transport layer knows nothing of Spring; the autoconfigure
 * layer binds it and turns {@code ssl.bundle} into a {@link TlsContext}.
 */
public class TcpOptions extends TransportOptions<TcpOptions> {

	/** Default of {@code ssl.handshake-timeout}. */
	public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * TLS of the endpoint's connections. Off unless a bundle is named.
	 */
	private Ssl ssl = new Ssl();

	public Ssl getSsl() {
		return this.ssl;
	}

	@Override
	public TcpOptions copy() {
		TcpOptions copy = super.copy();
		copy.ssl = this.ssl.copy();
		return copy;
	}

	/**
	 * TLS settings of one endpoint ({@code ipc.endpoints.<name>.tcp.ssl.*}).
	 */
	public static class Ssl implements Cloneable {

		/**
		 * Name of the Spring Boot SSL bundle (spring.ssl.bundle.pem.<name> or
		 * spring.ssl.bundle.jks.<name>) whose keys and trust material the endpoint's
		 * connections use. Naming one turns TLS on. A listening endpoint needs the
		 * bundle's key and certificate; a sending one needs its trust material (and a key
		 * when the listener asks for a client certificate).
		 */
		private @Nullable String bundle;

		/**
		 * Whether a listening endpoint asks its peers for a certificate trusted by the
		 * bundle: "none", "want" (asked for, not required) or "need" (mutual TLS).
		 */
		private TlsClientAuth clientAuth = TlsClientAuth.NONE;

		/**
		 * Whether a sending endpoint checks that the listener's certificate names the
		 * host of its address (as HTTPS does). Turn it off only for certificates that
		 * name no host, and then trust only those certificates.
		 */
		private boolean verifyHostname = true;

		/**
		 * Longest time a TLS handshake may take. A listening endpoint closes a peer that
		 * has not completed it by then (a silent or plain-text peer) and counts it as
		 * peer-rejected; a sending endpoint's handshake is further bounded by its
		 * send-timeout.
		 */
		private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;

		/**
		 * The key material in use; set from the bundle by the autoconfigure layer, or by
		 * code. Not a bean property, so never bound from YAML.
		 */
		private @Nullable TlsContext context;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

		public TlsClientAuth getClientAuth() {
			return this.clientAuth;
		}

		public void setClientAuth(TlsClientAuth clientAuth) {
			this.clientAuth = clientAuth;
		}

		public boolean isVerifyHostname() {
			return this.verifyHostname;
		}

		public void setVerifyHostname(boolean verifyHostname) {
			this.verifyHostname = verifyHostname;
		}

		public Duration getHandshakeTimeout() {
			return this.handshakeTimeout;
		}

		public void setHandshakeTimeout(Duration handshakeTimeout) {
			this.handshakeTimeout = handshakeTimeout;
		}

		/** The key material connections are made with; {@code null} until resolved. */
		public @Nullable TlsContext context() {
			return this.context;
		}

		/** Give the key material (the resolved bundle, or a context made in code). */
		public Ssl context(@Nullable TlsContext context) {
			this.context = context;
			return this;
		}

		/** Shorthand for {@code context(TlsContext.of(sslContext))}. */
		public Ssl context(SSLContext sslContext) {
			return context(TlsContext.of(sslContext));
		}

		/** Whether TLS is asked for: a bundle named or key material given. */
		public boolean enabled() {
			return this.bundle != null || this.context != null;
		}

		Ssl copy() {
			try {
				// the context is shared on purpose: a reload reaches every copy
				return (Ssl) clone();
			}
			catch (CloneNotSupportedException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
