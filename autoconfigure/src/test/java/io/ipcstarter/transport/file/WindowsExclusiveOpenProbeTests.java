package io.ipcstarter.transport.file;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exclusive-open readiness rule against another process holding the file open: the
 * probe itself, and a legacy reader using it. Windows only: runs in the Windows JVM: the
 * {@code windows-tests} profile runs it under Wine on the project's Linux machines, which
 * checks the logic and Wine's share-mode handling, not Windows itself.
 */
@WindowsTest
class WindowsExclusiveOpenProbeTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void fileHeldOpenByAnotherProcessIsNotCompleteUntilItIsClosed() throws Exception {
		// not @TempDir: its SecureRandom seeding calls GetAdaptersAddresses, which fails
		// now and then under Wine
		Path file = Files
			.writeString(Path.of("target", "probe-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".xml")
				.toAbsolutePath(), "<partial");
		ExclusiveOpenProbe probe = ExclusiveOpenProbe.forThisPlatform();
		assertThat(probe.canOpenExclusively(file)).as("nobody holds it").isTrue();
		try (PeerProcess holder = PeerProcess.java(FilePeer.class, "hold", file.toString())) {
			holder.awaitLine("HOLDING", WAIT);
			assertThat(probe.canOpenExclusively(file)).as("the writer holds it open").isFalse();
			holder.closeInput();
			assertThat(holder.awaitExit(WAIT)).isZero();
		}
		assertThat(probe.canOpenExclusively(file)).as("the writer closed it").isTrue();
		Files.delete(file);
	}

	@Test
	void legacyReaderWithExclusiveOpenWaitsUntilTheWriterClosesTheFile() throws Exception {
		Path drop = Files.createDirectories(
				Path.of("target", "drop-" + ProcessHandle.current().pid() + "-" + System.nanoTime()).toAbsolutePath());
		Path file = Files.writeString(drop.resolve("order.xml"), "<partial");
		FileOptions options = new FileOptions();
		options.setMode(FileMode.LEGACY);
		options.setReadyWhen(ReadyWhen.EXCLUSIVE_OPEN);
		options.setPollInterval(Duration.ofMillis(50));
		EndpointSpec spec = EndpointSpec.builder("drop", "file", Role.INBOUND, drop.toString())
			.option(FileOptions.class, options)
			.build();
		new FileTransport().validate(spec);
		RecordingListener listener = new RecordingListener();
		try (PeerProcess holder = PeerProcess.java(FilePeer.class, "hold", file.toString());
				IpcServer server = new FileTransport().createServer(spec)) {
			holder.awaitLine("HOLDING", WAIT);
			server.start(listener);
			assertThat(listener.messages().poll(1, TimeUnit.SECONDS)).as("nothing while the writer holds it").isNull();
			holder.closeInput();
			assertThat(holder.awaitExit(WAIT)).isZero();
			assertThat(listener.next(WAIT).text()).isEqualTo("<partial/>");
		}
		assertThat(listener.errors()).isEmpty();
	}

}
