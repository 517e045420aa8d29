package io.ipcstarter.transport;

import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

/**
 * The transports on the class path, by id. Found once with {@link ServiceLoader}.
 */
public final class Transports {

	private static final Map<String, IpcTransport> ALL = load();

	private Transports() {
	}

	/** Every transport, sorted by id. */
	public static Map<String, IpcTransport> all() {
		return ALL;
	}

	/** The transport with this id, or {@code null}. */
	public static @Nullable IpcTransport find(String id) {
		return ALL.get(id);
	}

	/** The transport with this id; throws naming the known ids when there is none. */
	public static IpcTransport get(String id) {
		IpcTransport transport = ALL.get(id);
		if (transport == null) {
			throw new IllegalArgumentException("Unknown IPC transport '" + id + "'; known: " + ALL.keySet());
		}
		return transport;
	}

	/**
	 * The transport an endpoint names, once it is known to be on the class path, to work
	 * on this platform and to play the role: the checks every endpoint passes before its
	 * spec is built, from YAML or from code.
	 * @throws InvalidEndpointException naming {@code transport} or {@code role} and the
	 * fix
	 */
	public static IpcTransport forEndpoint(String endpoint, @Nullable String id, @Nullable Role role) {
		String known = String.join(", ", ALL.keySet());
		if (id == null || id.isBlank()) {
			throw new InvalidEndpointException(endpoint, "transport", "no transport given",
					"Set it to one of: " + known);
		}
		IpcTransport transport = ALL.get(id.trim());
		if (transport == null) {
			throw new InvalidEndpointException(endpoint, "transport", "unknown transport '" + id + "'",
					"Set it to one of: " + known);
		}
		String unsupported = transport.unsupportedReason();
		if (unsupported != null) {
			throw new InvalidEndpointException(endpoint, "transport",
					"transport '" + id + "' does not work on " + System.getProperty("os.name") + ": " + unsupported,
					"Choose a transport that works here (the reason above names the portable alternative)");
		}
		if (role == null) {
			throw new InvalidEndpointException(endpoint, "role", "no role given",
					"Set it to inbound, outbound, inbound-gateway or outbound-gateway");
		}
		if (!transport.roles().contains(role)) {
			String roles = String.join(", ", transport.roles().stream().map(Role::id).toList());
			String why = transport.roleRefusal(role);
			throw new InvalidEndpointException(endpoint, "role",
					"transport '" + id + "' cannot be " + role.id() + ((why != null) ? ": " + why : ""),
					"Set it to one of: " + roles);
		}
		return transport;
	}

	/**
	 * Check a built spec against its transport: no options of another transport, then the
	 * transport's own checks.
	 * @throws InvalidEndpointException naming the property and the fix
	 */
	public static void validate(IpcTransport transport, EndpointSpec spec) {
		for (Class<?> type : spec.optionTypes()) {
			if (type != transport.optionsType()) {
				String owner = ALL.values()
					.stream()
					.filter((t) -> t.optionsType() == type)
					.map(IpcTransport::id)
					.findFirst()
					.orElse(type.getSimpleName());
				throw new InvalidEndpointException(spec.name(), owner,
						"options of transport '" + owner + "' on a '" + transport.id() + "' endpoint",
						"Remove them, or set transport: " + owner);
			}
		}
		checkDelivery(transport, spec);
		transport.validate(spec);
	}

	private static void checkDelivery(IpcTransport transport, EndpointSpec spec) {
		if (spec.delivery() != Delivery.ACKNOWLEDGED) {
			return;
		}
		String problem = null;
		if (!transport.acknowledgedDelivery()) {
			problem = "transport '" + transport.id() + "' has no way back for acknowledgements";
		}
		else if (spec.role().isGateway()) {
			problem = "a gateway's reply already acknowledges its request";
		}
		else if (spec.framing() == Framing.RAW) {
			problem = "raw framing ends the connection after one message, which leaves no way back";
		}
		if (problem != null) {
			throw new InvalidEndpointException(spec.name(), "delivery",
					"delivery: acknowledged does not work here: " + problem,
					"Use it on a one-way unix-socket, tcp or named-pipe endpoint with a framing other than raw, "
							+ "or remove it (plain delivery)");
		}
	}

	private static Map<String, IpcTransport> load() {
		Map<String, IpcTransport> byId = new TreeMap<>();
		for (IpcTransport t : ServiceLoader.load(IpcTransport.class, Transports.class.getClassLoader())) {
			IpcTransport previous = byId.put(t.id(), t);
			if (previous != null) {
				throw new IllegalStateException("Two IPC transports claim id '" + t.id() + "': "
						+ previous.getClass().getName() + " and " + t.getClass().getName());
			}
		}
		return Collections.unmodifiableMap(byId);
	}

}
