package io.ipcstarter.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The C peers of the tests ({@code src/test/c/<name>.c}), built with gcc into
 * {@code target/c-peers-<pid>/} once per test JVM however many test classes use them.
 */
public final class CPeers {

	private static final Map<String, Path> built = new ConcurrentHashMap<>();

	private CPeers() {
	}

	/**
	 * The executable of {@code src/test/c/<name>.c}, built on first use with
	 * {@code -Wall -Werror} and the given libraries (e.g. {@code -lrt}); fails with gcc's
	 * messages when it does not build.
	 */
	public static synchronized Path build(String name, String... libraries) throws Exception {
		Path done = built.get(name);
		if (done != null) {
			return done;
		}
		// a folder of this JVM's own: the build runs test classes in two JVMs at once,
		// and
		// one JVM's gcc rewriting a file the other is about to execute fails the exec
		Path folder = Files.createDirectories(Path.of("target", "c-peers-" + ProcessHandle.current().pid()));
		Path executable = folder.resolve(name).toAbsolutePath();
		List<String> command = new ArrayList<>(List.of("gcc", "-O2", "-Wall", "-Werror", "-o", executable.toString(),
				Path.of("src", "test", "c", name + ".c").toString()));
		command.addAll(List.of(libraries));
		// bounded (60 s), and fails with gcc's messages unless it exits with 0
		PeerProcess.run(command.toArray(String[]::new));
		built.put(name, executable);
		return executable;
	}

}
