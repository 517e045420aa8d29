package io.ipcstarter.transport.shm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import com.sun.jna.Platform;

/**
 * Where a ring lives, from an endpoint's {@code address}:
 * <ul>
 * <li>a bare name ({@code orders}: letters, digits, {@code . _ -}) is
 * {@code /dev/shm/orders} on Linux, {@code ${java.io.tmpdir}/ipc-shm/orders} on macOS and
 * other POSIX systems (a per-user directory on macOS), and the named file mapping
 * {@code Local\orders} on Windows;</li>
 * <li>{@code Local\NAME} or {@code Global\NAME} is that named file mapping (Windows
 * only);</li>
 * <li>anything with a path separator is a file at that path, on every OS.</li>
 * </ul>
 *
 * @param mapper how the memory is mapped
 * @param location the file path or mapping name handed to the mapper
 */
record RingAddress(RingMapper mapper, String location) {

	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

	private static final Pattern WINDOWS_NAMESPACE = Pattern.compile("(?i)(Local|Global)\\\\(.+)");

	private static final RingMapper FILES = new MappedFileRingMapper();

	/**
	 * @throws IllegalArgumentException saying what a valid address looks like
	 */
	static RingAddress resolve(String address) {
		var namespaced = WINDOWS_NAMESPACE.matcher(address);
		if (namespaced.matches()) {
			if (!Platform.isWindows()) {
				throw new IllegalArgumentException("'" + address + "' names a Windows file mapping; on this OS use a "
						+ "bare name (e.g. orders, under " + defaultDirectory() + ") or a file path");
			}
			checkName(namespaced.group(2), address);
			return new RingAddress(WindowsMapper.INSTANCE, address);
		}
		if (address.indexOf('/') >= 0 || address.indexOf('\\') >= 0
				|| (Platform.isWindows() && address.contains(":"))) {
			return new RingAddress(FILES, Path.of(address).toAbsolutePath().toString());
		}
		checkName(address, address);
		if (Platform.isWindows()) {
			return new RingAddress(WindowsMapper.INSTANCE, "Local\\" + address);
		}
		return new RingAddress(FILES, defaultDirectory().resolve(address).toString());
	}

	private static void checkName(String name, String address) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("'" + address + "' is neither a ring name (up to 200 letters, digits, "
					+ "'.', '_' or '-', not starting with '.') nor a file path");
		}
	}

	/**
	 * Where bare names live on POSIX systems: {@code /dev/shm} (memory-backed) on Linux,
	 * else a temp subdirectory.
	 */
	static Path defaultDirectory() {
		Path shm = Path.of("/dev/shm");
		if (Platform.isLinux() && Files.isDirectory(shm) && Files.isWritable(shm)) {
			return shm;
		}
		return Path.of(System.getProperty("java.io.tmpdir"), "ipc-shm");
	}

	/** The reply ring of one outbound-gateway client of this (request) ring. */
	RingAddress replyRing(long replyId) {
		return new RingAddress(this.mapper, this.location + ".reply-" + String.format("%016x", replyId));
	}

	/** The address as the user should read it in messages. */
	String describe() {
		return this.mapper.describe(this.location);
	}

	@Override
	public String toString() {
		return describe();
	}

	/** Created only on Windows, where its JNA class loads. */
	private static final class WindowsMapper {

		static final RingMapper INSTANCE = new WindowsNamedRingMapper();

	}

}
