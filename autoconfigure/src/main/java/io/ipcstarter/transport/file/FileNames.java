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
 * Names of message files: unique ones for what we write, and the check that keeps a name from elsewhere inside its
 * directory.
 * <p>
 * Our names are {@code <epoch millis>.<pid>_<jvm>_<counter>.<host>} (maildir style): millisecond time first so a
 * listing sorts roughly by age, the process id and a random per-JVM tag so that two writers (even with a reused pid
 * or in containers sharing a host name) never collide, a JVM-wide counter (ten digits, zero-padded) for several sends
 * in one millisecond. The time never goes back within a JVM, so one writer's names sort in the order it sent them.
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
		long millis = LAST_MILLIS.accumulateAndGet(System.currentTimeMillis(), Math::max); // a clock step back
		String counter = Long.toString(COUNTER.incrementAndGet() % 10_000_000_000L);
		return millis + "." + PROCESS + "_" + "0000000000".substring(counter.length()) + counter + "." + HOST + suffix;
	}

	/**
	 * Whether a name can be resolved against a directory without leaving it: one non-empty path component, not
	 * {@code .} or {@code ..}, no separator (either kind), no NUL, no drive or stream colon, at most 255 characters.
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
	 * The path of {@code name} directly inside {@code directory}.
	 * @throws IpcException ({@link ErrorReason#PEER_REJECTED}) when the name would escape the directory
	 */
	static Path resolveInside(Path directory, String name) throws IpcException {
		if (!isSafe(name)) {
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused file name '" + name + "': it must be a plain name inside " + directory);
		}
		Path resolved = directory.resolve(name);
		if (!directory.equals(resolved.getParent())) { // belt and braces: e.g. a root component on some platform
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"Refused file name '" + name + "': it resolves outside " + directory);
		}
		return resolved;
	}

	private static String hostName() {
		String host;
		try {
			host = InetAddress.getLocalHost().getHostName();
		}
		catch (Exception ex) { // no resolvable host name: the JVM name still tells processes apart
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
