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
