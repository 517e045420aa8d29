package io.ipcstarter.transport.datagram;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * The mailslot in {@code address}: {@code orders} or {@code \\.\mailslot\orders} on this
 * computer; {@code *\orders} or {@code \\*\mailslot\orders} for every mailslot of that
 * name in the primary domain, and {@code \\DOMAIN\mailslot\orders} for a named domain or
 * computer. Names are letters, digits, {@code . _ -}, in pseudo-directories separated by
 * {@code \}: {@code app\orders} is the local {@code \\.\mailslot\app\orders}.
 *
 * @param host {@code .} for this computer, else {@code *} or a domain or computer name
 * @param path the name after {@code mailslot\}, e.g. {@code orders} or {@code app\orders}
 */
record MailslotName(String host, String path) {

	private static final String LOCAL = ".";

	private static final String SLOT = "\\mailslot\\";

	private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,79}");

	private static final Pattern HOST = Pattern.compile("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

	/** The name as Win32 takes it: {@code \\.\mailslot\orders}. */
	String win32() {
		return "\\\\" + this.host + SLOT + this.path;
	}

	/**
	 * Whether a write goes to other computers (or all of them): such messages are limited
	 * to 424 bytes.
	 */
	boolean remote() {
		return !LOCAL.equals(this.host);
	}

	/** The mailslot of a validated endpoint. */
	static MailslotName of(EndpointSpec spec) {
		MailslotName name = parse(spec.address().trim());
		if (name == null) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + spec.address() + "' is not a usable mailslot name",
					"Set it to a name of letters, digits, '.', '_' or '-' (not starting with '.'), e.g. orders or "
							+ "\\\\.\\mailslot\\orders; *\\orders or \\\\DOMAIN\\mailslot\\orders to write to every such "
							+ "mailslot of a domain");
		}
		return name;
	}

	/** {@code null} when the text is not a mailslot name. */
	static @Nullable MailslotName parse(String address) {
		String host = LOCAL;
		String path = address;
		if (address.startsWith("\\\\")) {
			int slot = address.indexOf('\\', 2);
			if (slot < 0 || !address.regionMatches(true, slot, SLOT, 0, SLOT.length())) {
				return null;
			}
			host = address.substring(2, slot);
			path = address.substring(slot + SLOT.length());
		}
		else if (address.startsWith("*\\")) {
			host = "*";
			path = address.substring(2);
		}
		if (!HOST.matcher(host).matches() && !LOCAL.equals(host)) {
			return null;
		}
		return isPath(path) ? new MailslotName(host, path) : null;
	}

	private static boolean isPath(String path) {
		if (path.isEmpty() || path.length() > 200) {
			return false;
		}
		for (String segment : path.split("\\\\", -1)) {
			if (!SEGMENT.matcher(segment).matches()) {
				return false;
			}
		}
		return true;
	}

}
