package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Legacy mode: a python3 program writes files straight into the drop folder, slowly and
 * in chunks, following one readiness rule; the reader must never deliver a partial file.
 */
class FileLegacyModeTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final int FILES = 3;

	private static final int CHUNKS = 5;

	private static final int CHUNK_SIZE = 1000;

	@TempDir
	Path tmp;

	private final List<AutoCloseable> toClose = new ArrayList<>();

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable c : this.toClose) {
			c.close();
		}
	}

	@ParameterizedTest
	@EnumSource(value = ReadyWhen.class, names = { "SETTLE_TIME", "DONE_MARKER", "PATTERN", "RENAME" })
	void slowChunkedLegacyWriterIsNeverSeenPartially(ReadyWhen rule) throws Exception {
		Path drop = Files.createDirectory(this.tmp.resolve("drop"));
		Path staging = Files.createDirectory(this.tmp.resolve("staging"));
		FileOptions options = legacy(rule);
		RecordingListener listener = start(drop, options);
		String ruleId = rule.name().toLowerCase().replace('_', '-');
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "legacy_writer.py", ruleId, drop.toString(),
				staging.toString(), String.valueOf(FILES), String.valueOf(CHUNKS), String.valueOf(CHUNK_SIZE),
				"0.06")) {
			for (int i = 0; i < FILES; i++) {
				RecordingListener.Received received = listener.next(WAIT);
				String name = (String) received.attributes().get(FileServer.FILE_NAME);
				int index = Integer.parseInt(name.substring(4, name.indexOf('.')));
				assertThat(received.text()).as("%s delivered whole", name).isEqualTo(expected(index));
			}
			assertThat(writer.awaitExit(WAIT)).isZero();
		}
		assertThat(listener.errors()).isEmpty();
		assertThat(listener.messages()).isEmpty();
		assertThat(FileCrossProcessTests.entries(drop)).as("files and markers removed; only our folders stay")
			.extracting((p) -> p.getFileName().toString())
			.containsExactlyInAnyOrder("cur", "done", "error");
	}

	/**
	 * Control: proves the test above can see a partial file, by pairing a writer with the
	 * wrong rule.
	 */
	@Test
	void aRuleThatDoesNotMatchTheWriterDeliversPartialFiles() throws Exception {
		Path drop = Files.createDirectory(this.tmp.resolve("drop"));
		RecordingListener listener = start(drop, legacy(ReadyWhen.RENAME));
		try (PeerProcess writer = PeerProcess.python(FilePeer.class, "legacy_writer.py", "settle-time", drop.toString(),
				drop.toString(), "1", String.valueOf(CHUNKS), String.valueOf(CHUNK_SIZE), "0.06")) {
			assertThat(listener.next(WAIT).text()).isNotEqualTo(expected(0)).hasSizeLessThan(CHUNKS * CHUNK_SIZE);
			writer.awaitExit(WAIT);
		}
	}

	@Test
	void ourLegacyWriterWritesAHiddenTemporaryFileAndRenamesItThenAddsTheDoneMarker() throws Exception {
		Path drop = this.tmp.resolve("drop");
		FileOptions options = legacy(ReadyWhen.DONE_MARKER);
		options.setSuffix(".xml");
		try (IpcClient client = new FileTransport().createClient(spec(Role.OUTBOUND, drop, options))) {
			client.send("<a/>".getBytes(StandardCharsets.UTF_8));
		}
		List<String> names = FileCrossProcessTests.entries(drop)
			.stream()
			.map((p) -> p.getFileName().toString())
			.toList();
		assertThat(names).hasSize(2).allMatch((n) -> !n.startsWith("."));
		String file = names.stream().filter((n) -> n.endsWith(".xml")).findFirst().orElseThrow();
		assertThat(names).contains(file + ".done");
		assertThat(Files.readString(drop.resolve(file))).isEqualTo("<a/>");
		RecordingListener listener = start(drop, options);
		assertThat(listener.next(WAIT).text()).isEqualTo("<a/>");
	}

	private RecordingListener start(Path drop, FileOptions options) throws Exception {
		IpcServer server = new FileTransport().createServer(spec(Role.INBOUND, drop, options));
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		this.toClose.add(server);
		return listener;
	}

	private static FileOptions legacy(ReadyWhen rule) {
		FileOptions options = new FileOptions();
		options.setMode(FileMode.LEGACY);
		options.setReadyWhen(rule);
		options.setPollInterval(Duration.ofMillis(50));
		// well above the writer's 60 ms pauses
		options.setSettleTime(Duration.ofMillis(400));
		if (rule == ReadyWhen.PATTERN) {
			options.setPattern("*.xml");
		}
		return options;
	}

	private static EndpointSpec spec(Role role, Path dir, FileOptions options) {
		return EndpointSpec.builder("legacy", "file", role, dir.toString()).option(FileOptions.class, options).build();
	}

	/** What legacy_writer.py writes as file {@code i}. */
	private static String expected(int i) {
		StringBuilder all = new StringBuilder();
		for (int c = 0; c < CHUNKS; c++) {
			StringBuilder chunk = new StringBuilder(i + ":" + c + ":");
			while (chunk.length() < CHUNK_SIZE) {
				chunk.append('x');
			}
			all.append(chunk);
		}
		return all.toString();
	}

}
