package io.ipcstarter.transport.fifo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.testsupport.OpenEndpoints;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code fifo} transport against peers that are not ours: {@code sh} with
 * {@code printf} and {@code seq}, and python3 readers and writers (including one that is
 * killed mid-frame).
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "POSIX FIFOs")
class FifoTransportTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FifoTransport transport = new FifoTransport();

	private final OpenEndpoints open = new OpenEndpoints(this.transport);

	@TempDir
	Path dir;

	@AfterEach
	void closeAll() throws Exception {
		this.open.close();
	}

	@Test
	void shellPrintfWithLineFramingArrivesAsMessagesAcrossWriters() throws Exception {
		Path fifo = this.dir.resolve("in.fifo");
		RecordingListener listener = startServer(spec(fifo, Role.INBOUND).framing(Framing.LINE).build());
		// two writers one after the other: the reader reopens after the first one's EOF
		PeerProcess.run("sh", "-c", "printf 'one\\ntwo\\r\\n' > \"$0\"; printf 'three\\n' > \"$0\"", fifo.toString());
		assertThat(listener.nextText(WAIT)).isEqualTo("one");
		assertThat(listener.nextText(WAIT)).isEqualTo("two");
		assertThat(listener.nextText(WAIT)).isEqualTo("three");
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void fifoIsCreatedOwnerOnlyAndRemovedOnStop() throws Exception {
		Path fifo = this.dir.resolve("sub/secure.fifo");
		IpcServer server = this.transport.createServer(spec(fifo, Role.INBOUND).build());
		server.start(new RecordingListener());
		assertThat(FifoFile.isFifo(fifo)).isTrue();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fifo.getParent())))
			.isEqualTo("rwx------");
		server.close(); // unblocks the pending open(O_RDONLY)
		assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void closingWhileAWriterKeepsTheFifoOpenReturnsAtOnce() throws Exception {
		Path fifo = this.dir.resolve("held.fifo");
		IpcServer server = this.transport.createServer(spec(fifo, Role.INBOUND).build());
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		// a writer that sends one frame and then keeps its end open
		PeerProcess writer = PeerProcess.pythonCode(
				"import sys,time; from ipcframing import frame; "
						+ "f=open(sys.argv[1],'wb',buffering=0); f.write(frame(b'held')); time.sleep(60)",
				fifo.toString());
		this.open.closeFirst(writer);
		assertThat(listener.nextText(WAIT)).isEqualTo("held");
		long start = System.nanoTime();
		server.close();
		// the accept thread waited for the open stretch to end, which only the rest of
		// close() ends: close took the whole drain timeout
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(IpcTransport.DRAIN_TIMEOUT.dividedBy(2));
		assertThat(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS)).isFalse();
	}

	@Test
	void aRegularFileAtTheAddressIsRefused() throws Exception {
		Path file = Files.writeString(this.dir.resolve("plain"), "x");
		IpcServer server = this.transport.createServer(spec(file, Role.INBOUND).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> server.start(new RecordingListener()))
			.withMessageContaining("not a FIFO");
		server.close();
		assertThat(Files.readString(file)).isEqualTo("x");
	}

	@Test
	void garbageOversizeAndAWriterKilledMidFrameAreReportedAndGoodMessagesStillArrive() throws Exception {
		Path fifo = this.dir.resolve("bad.fifo");
		RecordingListener listener = startServer(spec(fifo, Role.INBOUND).maxMessageSize(1024).build());
		// a good frame, then a header announcing 100 bytes, 3 bytes, and the writer is
		// killed (SIGKILL)
		python(fifo, "import os,signal,sys; from ipcframing import frame, length_header; "
				+ "f=open(sys.argv[1],'wb',buffering=0); f.write(frame(b'good')); f.write(length_header(100)+b'abc'); "
				+ "os.kill(os.getpid(), signal.SIGKILL)", 137);
		assertThat(listener.nextText(WAIT)).isEqualTo("good");
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.DECODE);
		// a length field far over max-message-size
		python(fifo, "import sys; from ipcframing import length_header; "
				+ "open(sys.argv[1],'wb').write(length_header(0x7fff0000)+b'zz')", 0);
		assertThat(listener.nextError(WAIT).reason()).isEqualTo(ErrorReason.OVERSIZE);
		// the endpoint still reads the next writer
		python(fifo, "import sys; from ipcframing import frame; open(sys.argv[1],'wb').write(frame(b'after'))", 0);
		assertThat(listener.nextText(WAIT)).isEqualTo("after");
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void tenThousandLinesFromSeqArriveInOrderWithNoneLost() throws Exception {
		Path fifo = this.dir.resolve("seq.fifo");
		RecordingListener listener = startServer(spec(fifo, Role.INBOUND).framing(Framing.LINE).build());
		PeerProcess.run("sh", "-c", "seq 1 10000 > \"$0\"", fifo.toString());
		for (int i = 1; i <= 10_000; i++) {
			assertThat(listener.nextText(WAIT)).isEqualTo(Integer.toString(i));
		}
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void concurrentWritersOfFramesUpToPipeBufNeverInterleave() throws Exception {
		Path fifo = this.dir.resolve("multi.fifo");
		RecordingListener listener = startServer(spec(fifo, Role.INBOUND).build());
		// 4 writers, 500 frames each, every frame 4 + 4092 = 4096 bytes (PIPE_BUF on
		// Linux) in one write(2)
		int size = 4092;
		List<PeerProcess> writers = new ArrayList<>();
		for (int w = 0; w < 4; w++) {
			PeerProcess writer = PeerProcess.pythonCode("import os,sys; from ipcframing import frame; "
					+ "fd=os.open(sys.argv[1], os.O_WRONLY); one=frame(bytes([65+" + w + "])*" + size + ")\n"
					+ "for i in range(500): assert os.write(fd, one) == len(one)", fifo.toString());
			this.open.closeLast(writer);
			writers.add(writer);
		}
		Map<Byte, Integer> perWriter = new HashMap<>();
		for (int i = 0; i < 2000; i++) {
			byte[] payload = listener.next(WAIT).payload();
			assertThat(payload).hasSize(size);
			byte first = payload[0];
			byte[] expected = new byte[size];
			Arrays.fill(expected, first);
			assertThat(payload).isEqualTo(expected);
			perWriter.merge(first, 1, Integer::sum);
		}
		for (PeerProcess writer : writers) {
			writer.awaitOutput(Duration.ofSeconds(30)); // fails unless it exits with 0
		}
		assertThat(perWriter).containsOnlyKeys((byte) 'A', (byte) 'B', (byte) 'C', (byte) 'D')
			.allSatisfy((k, v) -> assertThat(v).isEqualTo(500));
		assertThat(listener.errors()).isEmpty();
	}

	@Test
	void outboundWithoutAReaderFailsAfterSendTimeoutNamingTheFifo() throws Exception {
		Path fifo = this.dir.resolve("nobody.fifo");
		PeerProcess.run("mkfifo", fifo.toString());
		IpcClient client = client(spec(fifo, Role.OUTBOUND).sendTimeout(Duration.ofMillis(400)).build());
		long start = System.nanoTime();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(bytes("lost")))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(ErrorReason.TIMEOUT))
			.withMessageContaining(fifo.toString())
			.withMessageContaining("no process has it open for reading")
			.withMessageContaining("send-timeout");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(400),
				Duration.ofSeconds(3));
	}

	@Test
	void outboundToAMissingFifoFailsSayingSo() {
		IpcClient client = client(
				spec(this.dir.resolve("missing.fifo"), Role.OUTBOUND).sendTimeout(Duration.ofMillis(200)).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> client.send(bytes("lost")))
			.withMessageContaining("does not exist");
	}

	@Test
	void tenThousandMessagesToAPythonReaderArriveInOrder() throws Exception {
		Path fifo = this.dir.resolve("out.fifo");
		PeerProcess reader = PeerProcess.pythonCode("import os,struct,sys\n"
				+ "os.mkfifo(sys.argv[1], 0o600); print('ready', flush=True); f=open(sys.argv[1],'rb'); n=0\n"
				+ "while True:\n" + "  h=f.read(4)\n" + "  if not h: break\n" + "  m=f.read(struct.unpack('>I',h)[0])\n"
				+ "  assert m == b'message-%d' % n, (n, m)\n" + "  n+=1\n" + "print(n)", fifo.toString());
		this.open.closeLast(reader);
		assertThat(reader.nextLine(WAIT)).isEqualTo("ready");
		IpcClient client = client(spec(fifo, Role.OUTBOUND).build());
		long start = System.nanoTime();
		for (int i = 0; i < 10_000; i++) {
			client.send(bytes("message-" + i));
		}
		long elapsed = System.nanoTime() - start;
		client.close(); // EOF for the reader
		assertThat(reader.awaitOutput(Duration.ofSeconds(30))).isEqualTo("ready\n10000\n");
		System.out.printf("fifo: 10000 messages to python3 in %d ms%n", elapsed / 1_000_000);
	}

	@Test
	void framesOverPipeBufAreRefusedUnlessAtomicWritesIsOff() throws Exception {
		Path fifo = this.dir.resolve("big.fifo");
		byte[] big = new byte[100_000];
		IpcClient atomic = client(spec(fifo, Role.OUTBOUND).build());
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> atomic.send(big))
			.satisfies(ex -> assertThat(ex.reason()).isEqualTo(ErrorReason.OVERSIZE))
			.withMessageContaining("PIPE_BUF")
			.withMessageContaining("fifo.atomic-writes=false");
		RecordingListener listener = startServer(spec(fifo, Role.INBOUND).build());
		FifoOptions single = new FifoOptions();
		single.setAtomicWrites(false);
		IpcClient client = client(spec(fifo, Role.OUTBOUND).option(FifoOptions.class, single).build());
		Arrays.fill(big, (byte) 7);
		client.send(big);
		assertThat(listener.next(WAIT).payload()).isEqualTo(big);
	}

	@Test
	void rawFramingIsRejected() {
		assertThatExceptionOfType(io.ipcstarter.transport.InvalidEndpointException.class).isThrownBy(
				() -> this.transport.validate(spec(this.dir.resolve("x"), Role.INBOUND).framing(Framing.RAW).build()))
			.satisfies(ex -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.test.framing"));
	}

	private void python(Path fifo, String script, int expectedExit) throws Exception {
		try (PeerProcess writer = PeerProcess.pythonCode(script, fifo.toString())) {
			assertThat(writer.awaitExit(Duration.ofSeconds(30))).isEqualTo(expectedExit);
		}
	}

	private RecordingListener startServer(EndpointSpec spec) throws Exception {
		IpcServer server = this.transport.createServer(spec);
		this.open.closeLast(server);
		RecordingListener listener = new RecordingListener();
		server.start(listener);
		return listener;
	}

	private IpcClient client(EndpointSpec spec) {
		IpcClient client = this.transport.createClient(spec);
		this.open.closeFirst(client);
		return client;
	}

	private static EndpointSpec.Builder spec(Path path, Role role) {
		return EndpointSpec.builder("test", "fifo", role, path.toString());
	}

	private static byte[] bytes(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

}
