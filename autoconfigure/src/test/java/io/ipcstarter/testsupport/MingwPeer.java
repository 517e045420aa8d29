package io.ipcstarter.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Windows C peer of the {@link WindowsTest}s ({@code src/test/c/<name>.c}), a program
 * that shares no code with ours: built with mingw-w64 by the {@code windows-tests}
 * profile into {@code target/test-peers/<name>.exe} and run as a process of its own
 * (under Wine here; Wine is not Windows).
 */
public final class MingwPeer {

	private final Path exe;

	private MingwPeer(Path exe) {
		this.exe = exe;
	}

	/**
	 * The peer built from {@code src/test/c/<name>.c}; fails the test, saying what builds
	 * it, when it has not been built (the Maven profile builds it, not the test).
	 */
	public static MingwPeer named(String name) {
		Path exe = Path.of("target", "test-peers", name + ".exe");
		assertThat(exe).as("built by the windows-tests profile with x86_64-w64-mingw32-gcc").exists();
		return new MingwPeer(exe);
	}

	/** Start it with {@code args}; the caller closes it. */
	public PeerProcess start(String... args) throws IOException {
		return PeerProcess.command(command(args));
	}

	/**
	 * Run it with {@code args} to its end, as {@link PeerProcess#run} does (60 s at most,
	 * failing unless it exits with 0); its standard output.
	 */
	public String run(String... args) throws Exception {
		return PeerProcess.run(command(args).toArray(String[]::new));
	}

	private List<String> command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.exe.toString());
		command.addAll(List.of(args));
		return command;
	}

}
