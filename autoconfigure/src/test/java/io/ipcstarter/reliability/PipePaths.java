package io.ipcstarter.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where a {@code named-pipe} endpoint listens on Linux, as docs/transports/streams.md
 * states it ({@code $XDG_RUNTIME_DIR/ipc-pipes/<name>.sock}, else
 * {@code /tmp/ipc-pipes-<uid>/<name>.sock}), written out again here rather than taken
 * from the transport, so that a peer that follows the docs is what the tests check.
 */
final class PipePaths {

	private PipePaths() {
	}

	/**
	 * A pipe name no other build running at the same time uses (the directory is per
	 * user, not per build).
	 */
	static String uniqueName(String prefix) {
		return prefix + "-" + ProcessHandle.current().pid() + "-"
				+ Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
	}

	/**
	 * The socket path of pipe {@code name}.
	 * @param ours a directory this JVM created (its owner is our uid)
	 */
	static Path socketPath(String name, Path ours) throws IOException {
		String runtime = System.getenv("XDG_RUNTIME_DIR");
		if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
			return Path.of(runtime, "ipc-pipes", name + ".sock");
		}
		int uid = (Integer) Files.getAttribute(ours, "unix:uid");
		return Path.of("/tmp", "ipc-pipes-" + uid, name + ".sock");
	}

}
