package io.ipcstarter.autoconfigure;

import java.beans.PropertyDescriptor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;

import org.springframework.core.env.Environment;

import io.ipcstarter.integration.PayloadConverter;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.TransportOptions;
import io.ipcstarter.transport.Transports;

/**
 * Binds one endpoint's properties ({@code ipc.defaults} under
 * {@code ipc.endpoints.<name>}) and turns them into an {@link EndpointSpec} for its
 * transport. Only YAML's own concerns live here: unknown keys, options of another
 * transport, the channel. Every default and every check of a value lives in the transport
 * layer ({@link EndpointSpec.Builder}, {@link Transports}), shared with endpoints made in
 * code. Every mistake comes out as an {@link InvalidEndpointException} naming the
 * property and the fix.
 */
final class EndpointSpecs {

	private static final ConfigurationPropertyName DEFAULTS = ConfigurationPropertyName.of("ipc.defaults");

	private static final ConfigurationPropertyName ENDPOINTS = ConfigurationPropertyName.of("ipc.endpoints");

	/**
	 * Keys that name one endpoint's own peer and channels, so have no meaning under
	 * {@code ipc.defaults}.
	 */
	private static final Set<String> PER_ENDPOINT = Set.of("transport", "role", "address", "channel", "reply-channel");

	private final Binder binder;

	private final Iterable<ConfigurationPropertySource> sources;

	/**
	 * Binds with no transport options in sight, so that an unbound key there is a typo:
	 * options are bound apart, by their transport's own type.
	 */
	private final Binder strictBinder;

	/** For {@link ConnectionExecutors}: {@code spring.threads.virtual.enabled}. */
	private final Environment environment;

	EndpointSpecs(Environment environment) {
		this.environment = environment;
		this.binder = Binder.get(environment);
		this.sources = ConfigurationPropertySources.get(environment);
		List<ConfigurationPropertySource> withoutOptions = StreamSupport.stream(this.sources.spliterator(), false)
			.map((source) -> source.filter((name) -> !isOptionsKey(name)))
			.toList();
		this.strictBinder = new Binder(withoutOptions, new PropertySourcesPlaceholdersResolver(environment));
	}

	/**
	 * An endpoint's transport with its validated spec and the properties that the spec
	 * does not hold.
	 */
	record Resolved(IpcTransport transport, EndpointSpec spec, IpcProperties.Endpoint properties) {

		PayloadConverter converter() {
			return new PayloadConverter(this.properties.getPayloadType(), this.properties.getCharset(),
					this.properties.getHeaders());
		}

	}

	/** Fail on any key under {@code ipc.defaults} that no endpoint could take. */
	void checkDefaults() {
		try {
			this.strictBinder.bind(DEFAULTS, Bindable.of(IpcProperties.Defaults.class),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			String key = unboundKey(ex, DEFAULTS);
			if (key == null) {
				throw ex;
			}
			String first = key.split("\\.")[0];
			if (PER_ENDPOINT.contains(first)) {
				throw InvalidEndpointException.inDefaults(key, "'" + first + "' belongs to one endpoint",
						"Move it to each endpoint, under ipc.endpoints.<name>." + first);
			}
			throw InvalidEndpointException.inDefaults(key, "unknown property '" + key + "'",
					suggestion(key, IpcProperties.Defaults.class));
		}
		for (IpcTransport transport : Transports.all().values()) {
			if (transport.optionsType() != null) {
				String key = bindStrictly(DEFAULTS.append(transport.id()),
						BeanUtils.instantiateClass(transport.optionsType()));
				if (key != null) {
					throw InvalidEndpointException.inDefaults(transport.id() + "." + key,
							"unknown property '" + transport.id() + "." + key + "'",
							suggestion(key, transport.optionsType()));
				}
			}
		}
	}

	Resolved resolve(String name) {
		ConfigurationPropertyName prefix = ENDPOINTS.append(name);
		IpcProperties.Endpoint p = bind(name, prefix);
		IpcTransport transport = Transports.forEndpoint(name, p.getTransport(), p.getRole());
		checkNoForeignOptions(name, prefix, transport);
		if (p.getChannel() == null || p.getChannel().isBlank()) {
			throw new InvalidEndpointException(name, "channel", "no channel given",
					"Set it to the name of the message channel the endpoint "
							+ (p.getRole().isInbound() ? "feeds" : "drains"));
		}
		EndpointSpec.Builder builder = EndpointSpec.builder(name, transport.id(), p.getRole(), p.getAddress())
			.framing(p.getFraming())
			.maxMessageSize(p.getMaxMessageSize().toBytes())
			.sendTimeout(p.getSendTimeout())
			.replyTimeout(p.getReplyTimeout())
			.permissions(p.getPermissions())
			.allowedUids(new HashSet<>(p.getAllowedUids()))
			.poolSize(p.getPoolSize())
			.maxConnections(p.getMaxConnections())
			.idleTimeout(p.getIdleTimeout())
			.delivery(p.getDelivery())
			.reconnect(p.getReconnect().getInitialInterval(), p.getReconnect().getMaxInterval());
		addOptions(builder, name, prefix, transport);
		EndpointSpec spec = ConnectionExecutors.withConnectionExecutor(builder.build(), this.environment);
		Transports.validate(transport, spec);
		return new Resolved(transport, spec, p);
	}

	/**
	 * {@code ipc.defaults} laid under the endpoint's own keys; an unknown key of the
	 * endpoint's fails.
	 */
	private IpcProperties.Endpoint bind(String name, ConfigurationPropertyName prefix) {
		IpcProperties.Endpoint endpoint = new IpcProperties.Endpoint();
		this.strictBinder.bind(DEFAULTS, Bindable.ofInstance(endpoint));
		try {
			this.strictBinder.bind(prefix, Bindable.ofInstance(endpoint),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
		}
		catch (BindException ex) {
			String key = unboundKey(ex, prefix);
			if (key == null) {
				throw ex;
			}
			throw new InvalidEndpointException(name, key, "unknown property '" + key + "'",
					suggestion(key, IpcProperties.Endpoint.class));
		}
		return endpoint;
	}

	/**
	 * The endpoint's transport options: {@code ipc.defaults.<id>} laid under
	 * {@code ipc.endpoints.<name>.<id>}.
	 */
	@SuppressWarnings({ "unchecked", "rawtypes" })
	private void addOptions(EndpointSpec.Builder builder, String name, ConfigurationPropertyName prefix,
			IpcTransport transport) {
		Class type = transport.optionsType();
		if (type == null) {
			return;
		}
		TransportOptions options = (TransportOptions) BeanUtils.instantiateClass(type);
		this.binder.bind(DEFAULTS.append(transport.id()), Bindable.ofInstance(options));
		String key = bindStrictly(prefix.append(transport.id()), options);
		if (key != null) {
			throw new InvalidEndpointException(name, transport.id() + "." + key,
					"unknown property '" + transport.id() + "." + key + "'", suggestion(key, type));
		}
		builder.option(type, options);
	}

	/**
	 * Bind into the instance; the first key under the prefix that it does not take, or
	 * {@code null}.
	 */
	private String bindStrictly(ConfigurationPropertyName prefix, Object instance) {
		try {
			this.binder.bind(prefix, Bindable.ofInstance(instance),
					new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
			return null;
		}
		catch (BindException ex) {
			String key = unboundKey(ex, prefix);
			if (key == null) {
				throw ex;
			}
			return key;
		}
	}

	/**
	 * Keys such as {@code file.*} on a {@code tcp} endpoint would be ignored: refuse them
	 * instead.
	 */
	private void checkNoForeignOptions(String name, ConfigurationPropertyName prefix, IpcTransport transport) {
		for (IpcTransport other : Transports.all().values()) {
			if (other == transport || other.optionsType() == null) {
				continue;
			}
			ConfigurationPropertyName foreign = prefix.append(other.id());
			for (ConfigurationPropertySource source : this.sources) {
				if (source.containsDescendantOf(foreign) == ConfigurationPropertyState.PRESENT
						|| source.getConfigurationProperty(foreign) != null) {
					throw new InvalidEndpointException(name, other.id(),
							"options of transport '" + other.id() + "' on a '" + transport.id() + "' endpoint",
							"Remove the " + other.id() + ".* keys, or set transport: " + other.id());
				}
			}
		}
	}

	/**
	 * Whether the key lies under a transport's options ({@code ipc.defaults.<id>.*},
	 * {@code ipc.endpoints.<name>.<id>.*}): those are bound by the transport's own
	 * options type, and on an endpoint of another transport refused as such.
	 */
	private static boolean isOptionsKey(ConfigurationPropertyName name) {
		int index;
		if (DEFAULTS.isAncestorOf(name)) {
			index = 2; // ipc.defaults.<id>...
		}
		else if (ENDPOINTS.isAncestorOf(name) && name.getNumberOfElements() > 3) {
			index = 3; // ipc.endpoints.<name>.<id>...
		}
		else {
			return false;
		}
		if (name.getNumberOfElements() <= index + 1) {
			return false;
		}
		IpcTransport transport = Transports.find(name.getElement(index, Form.DASHED));
		return transport != null && transport.optionsType() != null;
	}

	/**
	 * The first unbound key, relative to the prefix; {@code null} when the failure was
	 * something else.
	 */
	private static String unboundKey(BindException ex, ConfigurationPropertyName prefix) {
		if (!(ex.getCause() instanceof UnboundConfigurationPropertiesException unbound)) {
			return null;
		}
		return unbound.getUnboundProperties()
			.stream()
			.map(ConfigurationProperty::getName)
			.sorted()
			.findFirst()
			.map((n) -> n.toString().substring(prefix.toString().length() + 1))
			.orElse(null);
	}

	/**
	 * "Did you mean ...?" with the nearest valid key, when one is near enough to be a
	 * typo.
	 */
	static String suggestion(String key, Class<?> type) {
		List<String> known = new ArrayList<>();
		collectKeys(type, "", known);
		String nearest = known.stream().min(Comparator.comparingInt((k) -> distance(key, k))).orElse(null);
		if (nearest != null && distance(key, nearest) <= Math.max(2, key.length() / 4)) {
			return "Did you mean '" + nearest + "'? Fix the key (unknown keys would be ignored silently)";
		}
		return "Remove it or fix its name; the keys are listed in docs/configuration.md";
	}

	/**
	 * Every key a properties class binds, kebab-case, nested ones with their dotted
	 * prefix.
	 */
	private static void collectKeys(Class<?> type, String prefix, List<String> keys) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String key = prefix + property.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
			Class<?> propertyType = property.getPropertyType();
			if (propertyType.getName().startsWith("io.ipcstarter.") && !propertyType.isEnum()) {
				collectKeys(propertyType, key + ".", keys);
			}
			else {
				keys.add(key);
			}
		}
	}

	/**
	 * Levenshtein distance: the fewest single-character edits from one key to the other.
	 */
	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitute = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
