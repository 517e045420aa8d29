package io.ipcstarter.bench.scenario;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.TransportOptions;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.socket.TcpOptions;

/**
 * Builds the {@link EndpointSpec} of an SPI row. Transport-specific properties (e.g.
 * {@code shared-memory.idle-strategy}) are bound exactly as YAML binds them, onto the
 * transport's own options type ({@link IpcTransport#optionsType()}), so the harness knows
 * no transport's option class, but for one step: a {@code tcp.ssl.bundle} becomes the
 * benchmark's SSL context ({@link BenchTls}), as the starter resolves a bundle.
 */
final class EndpointOptions {

	private EndpointOptions() {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static EndpointSpec spec(IpcTransport transport, String name, Role role, String address, int maxMessageSize,
			Map<String, String> properties) {
		EndpointSpec.Builder builder = EndpointSpec.builder(name, transport.id(), role, address)
			.maxMessageSize(maxMessageSize)
			.sendTimeout(Duration.ofSeconds(30))
			.replyTimeout(Duration.ofSeconds(30));
		properties = new HashMap<>(properties);
		String delivery = properties.remove(TransportRows.DELIVERY);
		if (delivery != null && !role.isGateway()) {
			builder.delivery(Delivery.valueOf(delivery.toUpperCase(java.util.Locale.ROOT)));
		}
		if (!properties.isEmpty()) {
			Class type = transport.optionsType();
			if (type == null) {
				throw new IllegalArgumentException("Transport '" + transport.id() + "' has no options: " + properties);
			}
			Map<String, String> source = new HashMap<>();
			properties.forEach((key, value) -> source.put("e." + key, value));
			TransportOptions options = (TransportOptions) new Binder(new MapConfigurationPropertySource(source))
				.bind("e." + transport.id(), Bindable.of(type))
				.orElse(null);
			if (options == null) {
				throw new IllegalArgumentException("Cannot bind " + properties);
			}
			if (options instanceof TcpOptions tcp && tcp.getSsl().getBundle() != null) {
				// what the starter's TcpSslBundles does with a bundle: the SPI takes a
				// plain
				// SSLContext
				tcp.getSsl().context(BenchTls.sslContext());
			}
			builder.option(type, options);
		}
		EndpointSpec spec = builder.build();
		Transports.validate(transport, spec);
		return spec;
	}

}
