package io.ipcstarter.bench.scenario;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.ipcstarter.autoconfigure.IpcProperties;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Builds the {@link EndpointSpec} of an SPI row. Transport-specific properties (e.g.
 * {@code shared-memory.idle-strategy}) are bound exactly as YAML would bind them, onto
 * {@link IpcProperties.Endpoint}, and the nested options object is handed to the spec, so the harness compiles
 * without knowing any transport's option class.
 */
final class EndpointOptions {

	/** Room for the largest message plus anything a transport adds. */
	static final int MAX_MESSAGE_SIZE = 2 * 1024 * 1024;

	private EndpointOptions() {
	}

	static EndpointSpec spec(IpcTransport transport, String name, Role role, String address,
			Map<String, String> properties) {
		EndpointSpec.Builder builder = EndpointSpec.builder(name, transport.id(), role, address)
			.maxMessageSize(MAX_MESSAGE_SIZE)
			.sendTimeout(Duration.ofSeconds(30))
			.replyTimeout(Duration.ofSeconds(30));
		if (!properties.isEmpty()) {
			Map<String, String> source = new HashMap<>();
			properties.forEach((key, value) -> source.put("e." + key, value));
			IpcProperties.Endpoint endpoint = new Binder(new MapConfigurationPropertySource(source))
				.bind("e", Bindable.of(IpcProperties.Endpoint.class))
				.orElseThrow(() -> new IllegalArgumentException("Cannot bind " + properties));
			Set<String> groups = new LinkedHashSet<>();
			properties.keySet().forEach(key -> groups.add(key.substring(0, key.indexOf('.'))));
			for (String group : groups) {
				addOption(builder, endpoint, group);
			}
		}
		EndpointSpec spec = builder.build();
		transport.validate(spec);
		return spec;
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	private static void addOption(EndpointSpec.Builder builder, IpcProperties.Endpoint endpoint, String group) {
		StringBuilder getter = new StringBuilder("get");
		for (String part : group.split("-")) {
			getter.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
		}
		try {
			Method method = IpcProperties.Endpoint.class.getMethod(getter.toString());
			Object options = method.invoke(endpoint);
			builder.option((Class) options.getClass(), options);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalArgumentException("No options group '" + group + "' on ipc endpoints", ex);
		}
	}

}
