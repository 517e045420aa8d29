package io.ipcstarter.transport.pipe;

import java.util.regex.Pattern;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * The pipe name in {@code address}: {@code orders} or {@code \\.\pipe\orders}. Limited to
 * characters that are safe both in a Windows pipe name and in a file name, so a name can
 * never reach outside its directory.
 */
final class PipeName {

	static final String WINDOWS_PREFIX = "\\\\.\\pipe\\";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,80}");

	private PipeName() {
	}

	/** The bare name of a validated endpoint. */
	static String of(EndpointSpec spec) {
		String address = spec.address().trim();
		if (address.regionMatches(true, 0, WINDOWS_PREFIX, 0, WINDOWS_PREFIX.length())) {
			address = address.substring(WINDOWS_PREFIX.length());
		}
		return address;
	}

	static void validate(EndpointSpec spec) {
		String name = of(spec);
		if (!VALID.matcher(name).matches() || name.startsWith(".")) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + spec.address() + "' is not a usable pipe name",
					"Set it to a name of 1-80 letters, digits, '.', '_' or '-' (not starting with '.'), e.g. orders "
							+ "or \\\\.\\pipe\\orders");
		}
	}

}
