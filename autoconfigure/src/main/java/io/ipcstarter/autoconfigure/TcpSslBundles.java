package io.ipcstarter.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslOptions;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.socket.TcpOptions;
import io.ipcstarter.transport.socket.TlsContext;

/**
 * Turns a {@code tcp} endpoint's {@code tcp.ssl.bundle} into the plain key material the
 * transport takes ({@link TlsContext}): the bundle's {@code SSLContext}, protocols and
 * cipher suites, taken from Spring Boot's {@link SslBundles} as Boot's own Kafka and
 * RabbitMQ support does. When the bundle is reloaded ({@code reload-on-update}), its new
 * keys go into the same {@link TlsContext}, so the endpoint's next connections use them
 * without a restart; open connections keep theirs.
 * <p>
 * A customizer, applied when an endpoint's component is made: bundles do not exist yet
 * when the registrar checks the endpoints, so that check leaves the bundle alone.
 */
final class TcpSslBundles implements IpcEndpointSpecCustomizer {

	private final ObjectProvider<SslBundles> bundles;

	/**
	 * @param bundles the application's bundles, when it has any
	 */
	TcpSslBundles(ObjectProvider<SslBundles> bundles) {
		this.bundles = bundles;
	}

	@Override
	public EndpointSpec customize(EndpointSpec spec) {
		return resolve(spec);
	}

	/**
	 * The spec with its bundle resolved into key material; the spec itself when it names
	 * no bundle.
	 * @throws InvalidEndpointException naming {@code tcp.ssl.bundle} when there is no
	 * such bundle, or a listening endpoint's bundle holds no key
	 */
	EndpointSpec resolve(EndpointSpec spec) {
		TcpOptions options = spec.option(TcpOptions.class);
		String name = (options != null) ? options.getSsl().getBundle() : null;
		if (options == null || name == null || options.getSsl().context() != null) {
			return spec;
		}
		SslBundle bundle = bundle(spec, name);
		if (spec.role().isInbound() && bundle.getStores().getKeyStore() == null) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.bundle",
					"SSL bundle '" + name + "' holds no key, and a listening TLS endpoint must show a certificate",
					"Give the bundle its keystore (spring.ssl.bundle.pem." + name
							+ ".keystore.certificate and .private-key, or spring.ssl.bundle.jks." + name
							+ ".keystore.location)");
		}
		SslOptions ssl = bundle.getOptions();
		TlsContext context = TlsContext.of(bundle.createSslContext(), ssl.getEnabledProtocols(), ssl.getCiphers());
		bundles(spec, name).addBundleUpdateHandler(name, (updated) -> context.update(updated.createSslContext(),
				updated.getOptions().getEnabledProtocols(), updated.getOptions().getCiphers()));
		options.getSsl().context(context);
		return spec.toBuilder().option(TcpOptions.class, options).build();
	}

	private SslBundle bundle(EndpointSpec spec, String name) {
		SslBundles bundles = bundles(spec, name);
		try {
			return bundles.getBundle(name);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.bundle",
					"there is no SSL bundle named '" + name + "' (known: " + bundles.getBundleNames() + ")",
					"Declare it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name
							+ ", or fix the name",
					ex);
		}
	}

	private SslBundles bundles(EndpointSpec spec, String name) {
		SslBundles bundles = this.bundles.getIfAvailable();
		if (bundles == null) {
			throw new InvalidEndpointException(spec.name(), "tcp.ssl.bundle",
					"no SSL bundles are configured, so bundle '" + name + "' cannot be found",
					"Declare it under spring.ssl.bundle.pem." + name + " or spring.ssl.bundle.jks." + name);
		}
		return bundles;
	}

}
