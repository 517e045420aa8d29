package io.ipcstarter.transport.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exclusive-open readiness rule against another process holding the file open. Windows only: runs in the
 * Windows JVM: the {@code windows-tests} profile runs it under Wine on the project's Linux machines, which checks the
 * logic and Wine's share-mode handling, not Windows itself.
 */
@WindowsTest
class WindowsExclusiveOpenProbeTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void fileHeldOpenByAnotherProcessIsNotCompleteUntilItIsClosed() throws Exception {
		// not @TempDir: its SecureRandom seeding calls GetAdaptersAddresses, which fails now and then under Wine
		Path file = Files.writeString(Path.of("target", "probe-" + ProcessHandle.current().pid() + "-"
				+ System.nanoTime() + ".xml").toAbsolutePath(), "<partial");
		ExclusiveOpenProbe probe = ExclusiveOpenProbe.forThisPlatform();
		assertThat(probe.canOpenExclusively(file)).as("nobody holds it").isTrue();
		try (PeerProcess holder = PeerProcess.java("hold", file.toString())) {
			holder.await("HOLDING", WAIT);
			assertThat(probe.canOpenExclusively(file)).as("the writer holds it open").isFalse();
			holder.closeInput();
			assertThat(holder.waitFor(WAIT)).isZero();
		}
		assertThat(probe.canOpenExclusively(file)).as("the writer closed it").isTrue();
		Files.delete(file);
	}

}
