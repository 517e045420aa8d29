package io.ipcstarter.transport.registry;

import java.util.Locale;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * The key an endpoint's {@code address} names: a hive ({@code HKCU} unless the address
 * starts with {@code HKLM\}) and the path of a key under it.
 *
 * @param localMachine whether the key lies under HKEY_LOCAL_MACHINE rather than
 * HKEY_CURRENT_USER
 * @param path the key's path under its hive, without leading or trailing backslash
 */
record RegistryPath(boolean localMachine, String path) {

	/** Windows' limit on the length of one key name. */
	static final int MAX_KEY_NAME = 255;

	/** The address's key, or an exception naming {@code address} and the fix. */
	static RegistryPath of(EndpointSpec spec) {
		String address = spec.address();
		String upper = address.toUpperCase(Locale.ROOT);
		boolean localMachine = false;
		String path = address;
		int slash = address.indexOf('\\');
		String first = (slash < 0) ? upper : upper.substring(0, slash);
		switch (first) {
			case "HKCU", "HKEY_CURRENT_USER" -> path = (slash < 0) ? "" : address.substring(slash + 1);
			case "HKLM", "HKEY_LOCAL_MACHINE" -> {
				localMachine = true;
				path = (slash < 0) ? "" : address.substring(slash + 1);
			}
			case "HKCR", "HKEY_CLASSES_ROOT", "HKU", "HKEY_USERS", "HKCC",
					"HKEY_CURRENT_CONFIG" ->
				throw invalid(spec,
						"hive " + address.substring(0, (slash < 0) ? address.length() : slash)
								+ " is not offered (HKCR merges HKCU and HKLM, HKU and HKCC are other users' and "
								+ "hardware keys)");
			default -> {
				// no hive: a path under HKEY_CURRENT_USER
			}
		}
		if (path.isEmpty() || path.startsWith("\\") || path.endsWith("\\") || path.contains("\\\\")) {
			throw invalid(spec, "'" + address + "' is not a key path (empty names or a hive alone)");
		}
		for (String name : path.split("\\\\")) {
			if (name.length() > MAX_KEY_NAME) {
				throw invalid(spec,
						"key name '" + name.substring(0, 20) + "...' is longer than " + MAX_KEY_NAME + " characters");
			}
		}
		return new RegistryPath(localMachine, path);
	}

	private static InvalidEndpointException invalid(EndpointSpec spec, String problem) {
		return new InvalidEndpointException(spec.name(), "address", problem,
				"Set it to a key under HKEY_CURRENT_USER, e.g. HKCU\\Software\\Acme\\Orders");
	}

	/** How it is shown in logs and the actuator: {@code HKCU\Software\Acme\Orders}. */
	String display() {
		return (this.localMachine ? "HKLM\\" : "HKCU\\") + this.path;
	}

}
