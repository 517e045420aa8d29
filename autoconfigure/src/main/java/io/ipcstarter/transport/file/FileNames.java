package io.ipcstarter.transport.file;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Names of message files: unique ones for what we write, the check that keeps a name from
 * elsewhere inside its directory, and the safe name under which one that fails it is
 * filed in {@code error/}.
 * <p>
 * Our names are {@code <epoch millis>.<pid>_<jvm>_<counter>.<host>} (maildir style):
 * millisecond time first so a listing sorts roughly by age, the process id and a random
 * per-JVM tag so that two writers (even with a reused pid or in containers sharing a host
 * name) never collide, a JVM-wide counter (ten digits, zero-padded) for several sends in
 * one millisecond. The time never goes back within a JVM, so one writer's names sort in
 * the order it sent them.
 */
final class FileNames {

	private static final AtomicLong COUNTER = new AtomicLong();

	private static final AtomicLong LAST_MILLIS = new AtomicLong();

	private static final String PROCESS = ProcessHandle.current().pid() + "_"
			+ Integer.toHexString(new SecureRandom().nextInt() | 0x10000000);

	private static final String HOST = hostName();

	private FileNames() {
	}

	/** A name no other writer on any host uses. */
	static String unique(String suffix) {
		// never less than the last one, should the clock step back
		long millis = LAST_MILLIS.accumulateAndGet(System.currentTimeMillis(), Math::max);
		String counter = Long.toString(COUNTER.incrementAndGet() % 10_000_000_000L);
		return millis + "." + PROCESS + "_" + "0000000000".substring(counter.length()) + counter + "." + HOST + suffix;
	}

	/**
	 * The name of a path taken from a directory listing, which always has one (only a
	 * root has none).
	 */
	static String nameOf(Path path) {
		Path name = path.getFileName();
		if (name == null) {
			throw new IllegalArgumentException("No file name in " + path);
		}
		return name.toString();
	}

	/**
	 * Whether a name can be resolved against a directory without leaving it on any
	 * platform: one non-empty path component, not {@code .} or {@code ..}, no separator
	 * (either kind), no NUL, no drive or stream colon, at most 255 characters. What we
	 * write must be; what we find in an inbox need only be {@link #isClaimable
	 * claimable}.
	 */
	static boolean isSafe(@Nullable String name) {
		if (name == null || name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			if (c == '/' || c == '\\' || c == '\0' || c == ':') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether a name found in the inbox can be claimed and passed on
	 * ({@code ipc_fileName}) as it is: what {@link #isSafe} asks, except that a colon is
	 * allowed (maildir writers end names with {@code :2,FLAGS}; it is an ordinary
	 * character on POSIX file systems) where the platform is not Windows, and that no
	 * control character is (they corrupt logs and reason files). A backslash stays
	 * refused although POSIX allows it: it is a separator to every Windows program the
	 * name may reach.
	 */
	static boolean isClaimable(String name) {
		if (name.isEmpty() || name.length() > 255 || name.equals(".") || name.equals("..")) {
			return false;
		}
		for (int i = 0; i < name.length(); i++) {
			if (!isClaimable(name.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	private static boolean isClaimable(char c) {
		return c != '/' && c != '\\' && !Character.isISOControl(c) && (c != ':' || !SharedDirectory.isWindows());
	}

	/**
	 * A claimable name for a name that is not: every character
	 * {@link #isClaimable(String)} refuses replaced by {@code _}.
	 */
	static String claimable(String name) {
		StringBuilder safe = new StringBuilder(Math.min(name.length(), 255));
		for (int i = 0; i < name.length() && safe.length() < 255; i++) {
			char c = name.charAt(i);
			safe.append(isClaimable(c) ? c : '_');
		}
		String result = safe.toString();
		return isClaimable(result) ? result : "_";
	}

	/**
	 * {@code name} in single quotes for a message or a reason file, backslashes and
	 * control characters escaped.
	 */
	static String quoted(String name) {
		StringBuilder quoted = new StringBuilder(name.length() + 2).append('\'');
		for (int i = 0; i < name.length(); i++) {
			char c = name.charAt(i);
			switch (c) {
				case '\\' -> quoted.append("\\\\");
				case '\t' -> quoted.append("\\t");
				case '\n' -> quoted.append("\\n");
				case '\r' -> quoted.append("\\r");
				default -> {
					if (Character.isISOControl(c)) {
						quoted.append(String.format("\\u%04x", (int) c));
					}
					else {
						quoted.append(c);
					}
				}
			}
		}
		return quoted.append('\'').toString();
	}

	/**
	 * The path of a name found in the inbox directly inside {@code directory}.
	 * @throws IpcException ({@link ErrorReason#PEER_REJECTED}) when the name is not
	 * {@link #isClaimable claimable}
	 */
	static Path resolveClaimable(Path directory, String name) throws IpcException {
		if (!isClaimable(name)) {
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused file name " + quoted(name) + ": it cannot be claimed inside " + directory);
		}
		Path resolved = directory.resolve(name);
		// belt and braces: e.g. a root component on some platform
		if (!directory.equals(resolved.getParent())) {
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused file name " + quoted(name) + ": it resolves outside " + directory);
		}
		return resolved;
	}

	private static String hostName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		// no resolvable host name: the JVM name still tells processes apart
		catch (Exception ex) {
			host = ManagementFactory.getRuntimeMXBean().getName();
		}
		StringBuilder safe = new StringBuilder(host.length());
		for (int i = 0; i < host.length(); i++) {
			char c = host.charAt(i);
			safe.append((Character.isLetterOrDigit(c) || c == '-' || c == '.') && c < 128 ? c : '_');
		}
		return safe.length() > 0 ? safe.toString() : "localhost";
	}

}
