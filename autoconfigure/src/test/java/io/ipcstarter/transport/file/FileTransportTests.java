package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Configuration checks, permissions and the layout, within one JVM (the protocol across
 * processes is in the other test classes).
 */
class FileTransportTests {

	@TempDir
	Path tmp;

	private final FileTransport transport = new FileTransport();

	@Test
	void addressThatIsAFileIsRefusedNamingTheProperty() throws Exception {
		Path file = Files.writeString(this.tmp.resolve("plain"), "x");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, file, new FileOptions())))
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e.address"))
			.withMessageContaining("not a directory");
	}

	@Test
	void gatewayRolesAreRefusedWithTheReason() {
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.INBOUND, Role.OUTBOUND);
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND_GATEWAY, this.tmp, new FileOptions())))
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e.role"))
			.withMessageContaining("one-way");
	}

	@Test
	void badOptionsAreRefusedNamingTheKey() {
		FileOptions pattern = new FileOptions();
		pattern.setMode(FileMode.LEGACY);
		pattern.setReadyWhen(ReadyWhen.PATTERN);
		assertInvalid(pattern, "file.pattern");
		FileOptions attempts = new FileOptions();
		attempts.setMaxAttempts(0);
		assertInvalid(attempts, "file.max-attempts");
		FileOptions suffix = new FileOptions();
		suffix.setSuffix("/../../etc/x");
		assertInvalid(suffix, "file.suffix");
		FileOptions poll = new FileOptions();
		poll.setPollInterval(Duration.ZERO);
		assertInvalid(poll, "file.poll-interval");
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "exclusive-open is accepted on Windows; refused only elsewhere")
	void exclusiveOpenIsRefusedWhereItCannotWork() {
		FileOptions options = new FileOptions();
		options.setMode(FileMode.LEGACY);
		options.setReadyWhen(ReadyWhen.EXCLUSIVE_OPEN);
		assertInvalid(options, "file.ready-when");
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions")
	void everythingCreatedIsOwnerOnlyByDefault() throws Exception {
		Path box = this.tmp.resolve("a/box");
		IpcServer server = this.transport.createServer(spec(Role.INBOUND, box, new FileOptions()));
		try (IpcClient client = this.transport.createClient(spec(Role.OUTBOUND, box, new FileOptions()))) {
			server.start(new RecordingListener());
			for (String folder : new String[] { "", "tmp", "new", "cur", "done", "error" }) {
				assertThat(Files.getPosixFilePermissions(box.resolve(folder))).as(folder)
					.isEqualTo(PosixFilePermissions.fromString("rwx------"));
			}
			server.close();
			client.send("x".getBytes(StandardCharsets.UTF_8));
			Path message = FileCrossProcessTests.entries(box.resolve("new")).get(0);
			assertThat(Files.getPosixFilePermissions(message)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		}
		finally {
			server.close();
		}
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX permissions")
	void groupPermissionsGiveDirectoriesGroupSearchAndSurviveTheUmask() throws Exception {
		Set<PosixFilePermission> rwrw = PosixFilePermissions.fromString("rw-rw----");
		assertThat(SharedDirectory.directoryPermissionsOf(rwrw))
			.isEqualTo(PosixFilePermissions.fromString("rwxrwx---"));
		Path box = this.tmp.resolve("shared");
		EndpointSpec spec = EndpointSpec.builder("e", "file", Role.OUTBOUND, box.toString()).permissions(rwrw).build();
		try (IpcClient client = this.transport.createClient(spec)) {
			client.send("x".getBytes(StandardCharsets.UTF_8));
		}
		assertThat(Files.getPosixFilePermissions(box.resolve("new")))
			.isEqualTo(PosixFilePermissions.fromString("rwxrwx---"));
		Path message = FileCrossProcessTests.entries(box.resolve("new")).get(0);
		assertThat(Files.getPosixFilePermissions(message)).isEqualTo(rwrw);
	}

	@Test
	void keepProcessedMovesHandledFilesToDone() throws Exception {
		FileOptions options = new FileOptions();
		options.setKeepProcessed(true);
		options.setPollInterval(Duration.ofMillis(50));
		IpcServer server = this.transport.createServer(spec(Role.INBOUND, this.tmp, options));
		try (IpcClient client = this.transport.createClient(spec(Role.OUTBOUND, this.tmp, options))) {
			RecordingListener listener = new RecordingListener();
			server.start(listener);
			client.send("kept".getBytes(StandardCharsets.UTF_8));
			String name = (String) listener.next(Duration.ofSeconds(10)).attributes().get(FileServer.FILE_NAME);
			server.close();
			assertThat(Files.readString(this.tmp.resolve("done").resolve(name))).isEqualTo("kept");
		}
		finally {
			server.close();
		}
	}

	@Test
	void readersStartingTogetherEachFindTheSharedDirectoryTheOthersMade() throws Exception {
		// competing readers in separate processes create the same folders at the same
		// moment; threads race the same way on the file system, and a fresh folder per
		// round gives the race many chances
		int readers = 4;
		ExecutorService pool = Executors.newFixedThreadPool(readers);
		try {
			for (int round = 0; round < 200; round++) {
				Path box = this.tmp.resolve("race-" + round + "/box");
				CyclicBarrier start = new CyclicBarrier(readers);
				List<Future<?>> created = new ArrayList<>();
				for (int i = 0; i < readers; i++) {
					created.add(pool.submit(() -> {
						SharedDirectory directory = new SharedDirectory(spec(Role.INBOUND, box, new FileOptions()),
								FileMode.MAILDIR);
						start.await();
						directory.createForReader();
						return null;
					}));
				}
				for (Future<?> future : created) {
					future.get(10, TimeUnit.SECONDS);
				}
				assertThat(box.resolve("cur")).isDirectory();
			}
		}
		finally {
			pool.shutdownNow();
		}
	}

	private void assertInvalid(FileOptions options, String key) {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, this.tmp, options)))
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e." + key));
	}

	private static EndpointSpec spec(Role role, Path dir, FileOptions options) {
		return EndpointSpec.builder("e", "file", role, dir.toString()).option(FileOptions.class, options).build();
	}

}
