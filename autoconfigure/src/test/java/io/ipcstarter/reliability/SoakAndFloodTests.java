package io.ipcstarter.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A soak of the inbound endpoints of seven transports at once, all in one
 * {@link InboxApplication} (its own JVM, configured by properties), then floods of
 * writers against two of them. The endpoints: {@code stdio} (a python parent starts the
 * application and writes into its stdin), {@code process} (the application's python child
 * writes to its stdout), {@code fifo}, {@code file} and {@code udp} (python writers),
 * {@code shared-memory} and {@code message-queue} (the C peers {@code ring_peer soak} and
 * {@code mq_peer soak}, written from wire-formats.md).
 * <p>
 * Soak: each peer sends {@value Soak#RATE} good messages a second at a steady pace for 4
 * s (full: 600 s), each payload naming its transport. Every message must arrive once
 * ({@code udp}: what arrived and what the kernel counted as dropped at the socket make
 * what was sent), nothing be counted as an error, and after the first third of the run
 * the application's RSS, threads and descriptors stay within a band.
 * <p>
 * Floods, against the same application afterwards: {@code fifo}, 1,000 (full: 10,000)
 * writers in batches of 200 held open at once, one frame from each batch; {@code file}, a
 * burst of 1,000 (full: 20,000) files. Each must be delivered, a message after it too, no
 * error counted (a writer's clean close is none), threads and descriptors back. The other
 * five have nothing to flood: {@code process} and {@code stdio} have one peer each, and a
 * flood of {@code udp}, {@code message-queue} or {@code shared-memory} writers is a flood
 * of messages, which the storms ({@link DatagramStormTests}, {@link RingStormTests})
 * already are.
 * <p>
 * One application rather than seven: the full version takes 10 minutes, not 70, and the
 * short one a single start of a Spring Boot JVM; the endpoints share what an application
 * shares (its heap, Spring Integration's channel and scheduler), as they would in
 * production. The counts are per transport. Each endpoint alone in an application of its
 * own: {@link SoloSoakTests}.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SoakAndFloodTests {

	/**
	 * Writers of a FIFO in batches of {@code HELD} descriptors open at once (to the FIFO
	 * a writer is an open descriptor: the kernel keeps a count), one of each batch
	 * writing a whole frame while the others are open and silent; then one more frame.
	 */
	private static final String FIFO_FLOOD = """
			import os, sys
			from ipcframing import frame, say
			path, total, held = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
			opened = batches = 0
			while opened < total:
			    fds = [os.open(path, os.O_WRONLY) for _ in range(min(held, total - opened))]
			    opened += len(fds)
			    os.write(fds[len(fds) // 2], frame(b'fifo-flood-%d' % batches))
			    batches += 1
			    for fd in fds:
			        os.close(fd)
			fd = os.open(path, os.O_WRONLY)
			os.write(fd, frame(b'after-the-fifo-flood'))
			os.close(fd)
			say('DONE %d %d' % (opened, batches))
			""";

	/**
	 * A burst of maildir files as fast as python writes them; one more after a line read.
	 */
	private static final String FILE_FLOOD = """
			import os, sys
			from ipcframing import say
			root, total = sys.argv[1], int(sys.argv[2])
			new, tmp = os.path.join(root, 'new'), os.path.join(root, 'tmp')
			def deliver(name, data):
			    with open(os.path.join(tmp, name), 'wb') as f:
			        f.write(data)
			    os.rename(os.path.join(tmp, name), os.path.join(new, name))
			for i in range(total):
			    deliver('flood.%d_%d' % (os.getpid(), i), b'file-flood-%d' % i)
			say('DONE %d' % total)
			sys.stdin.readline()
			deliver('flood.%d_after' % os.getpid(), b'after-the-file-flood')
			say('AFTER')
			""";

	private static final List<String> TRANSPORTS = List.of("stdio", "process", "fifo", "file", "shm", "udp", "mq");

	@TempDir
	static Path dir;

	private Path fifo;

	private Path files;

	private Path ring;

	private int port;

	private String queue;

	private int count;

	private PeerProcess parent;

	private Inbox inbox;

	/**
	 * The application with its seven endpoints, started by its {@code stdio} parent (the
	 * {@code process} child starts sending then).
	 */
	@BeforeAll
	void start() throws Exception {
		this.count = Reliability.scale(4, 600) * Soak.RATE;
		Path script = Files.writeString(dir.resolve("soak.py"), Soak.PEERS);
		this.fifo = dir.resolve("soak.fifo");
		this.files = dir.resolve("inbox");
		this.ring = dir.resolve("soak.ring");
		this.port = Soak.freeUdpPort();
		this.queue = "/ipc-soak-" + UUID.randomUUID();
		List<String> properties = new ArrayList<>();
		properties
			.addAll(endpoint("process", "process", "python3 " + script + " process " + this.count + " " + Soak.RATE));
		properties.addAll(endpoint("fifo", "fifo", this.fifo.toString()));
		properties.addAll(endpoint("file", "file", this.files.toString()));
		properties.addAll(endpoint("shm", "shared-memory", this.ring.toString()));
		properties.add("ipc.endpoints.shm.shared-memory.capacity=" + Soak.RING_CAPACITY / 1024 + "KB");
		properties.add("ipc.endpoints.shm.max-message-size=4KB");
		properties.addAll(endpoint("udp", "udp", String.valueOf(this.port)));
		properties.addAll(endpoint("mq", "message-queue", this.queue));
		List<String> parentArgs = new ArrayList<>(
				List.of("stdio", String.valueOf(this.count), String.valueOf(Soak.RATE)));
		parentArgs.addAll(Inbox.command("stdio", "-", properties.toArray(String[]::new)));
		this.parent = PeerProcess.pythonCode(Soak.PEERS, parentArgs.toArray(String[]::new));
		this.inbox = Inbox.startedBy(this.parent);
	}

	/**
	 * Closing the parent closes the application's stdin and then kills what it started:
	 * the application and its {@code process} child.
	 */
	@AfterAll
	void stop() throws Exception {
		try {
			if (this.parent != null) {
				this.parent.close();
			}
		}
		finally {
			PosixMessageQueues.get().mq_unlink(this.queue);
		}
	}

	@Test
	@Order(1)
	void sevenInboundEndpointsAtOnceDeliverEveryMessageAndStayFlat() throws Exception {
		int seconds = this.count / Soak.RATE;
		Path ringPeer = CPeers.build("ring_peer");
		Path mqPeer = CPeers.build("mq_peer", "-lrt");
		Inbox inbox = this.inbox;
		int count = this.count;
		int port = this.port;
		ProcessStats before = inbox.baseline();
		long start = System.nanoTime();
		String n = String.valueOf(count);
		String rate = String.valueOf(Soak.RATE);
		List<PeerProcess> peers = new ArrayList<>();
		try {
			peers.add(PeerProcess.pythonCode(Soak.PEERS, "fifo", n, rate, this.fifo.toString()));
			peers.add(PeerProcess.pythonCode(Soak.PEERS, "file", n, rate, this.files.toString()));
			peers.add(PeerProcess.pythonCode(Soak.PEERS, "udp", n, rate, String.valueOf(port)));
			peers.add(PeerProcess.command(ringPeer.toString(), "soak", this.ring.toString(),
					String.valueOf(Soak.RING_CAPACITY), n, rate));
			peers.add(PeerProcess.command(mqPeer.toString(), "soak", this.queue, n, rate));
			this.parent.tell("go");
			List<ProcessStats> samples = Soak.sample(seconds, 500, inbox.pid()).get(0);
			Duration wait = Duration.ofSeconds(seconds / 2 + 60);
			for (PeerProcess peer : peers.subList(0, 3)) {
				assertThat(peer.await("DONE", wait)).isEqualTo(n);
			}
			for (PeerProcess peer : peers.subList(3, 5)) {
				peer.awaitLineEqualTo("done", wait);
			}
			this.parent.awaitLine(PeerProcess.SAID + "DONE ", wait);
			await().atMost(Inbox.WAIT)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> tally(inbox).entrySet()
					.stream()
					.allMatch((t) -> t.getValue() + (t.getKey().equals("udp") ? Soak.kernelDrops(port) : 0) >= count));
			long millis = (System.nanoTime() - start) / 1_000_000;
			Map<String, Integer> tally = tally(inbox);
			Map<String, Integer> distinct = distinct(inbox);
			long drops = Soak.kernelDrops(port);
			Map<String, Integer> errors = inbox.errorsByReason();
			Soak.Bands bands = Soak.Bands.afterFirstThird(samples);
			Reliability.report("soak of 7 inbound endpoints in one application, " + seconds + " s, " + Soak.RATE
					+ " messages a second each (" + count + " each): received " + tally + " (udp: " + drops
					+ " dropped by the kernel), all in " + millis + " ms; errors " + errors + ", log "
					+ inbox.logLines() + " lines (" + inbox.stackTraceLines() + " of stack traces); " + before
					+ " before; after the first third: " + bands);
			for (String transport : TRANSPORTS) {
				int expected = transport.equals("udp") ? count - (int) drops : count;
				assertThat(tally.get(transport)).as(transport + ": every message").isEqualTo(expected);
				assertThat(distinct.get(transport)).as(transport + ": each once").isEqualTo(expected);
			}
			assertThat(errors.keySet()).as("no errors (udp: the kernel's drops)")
				.isSubsetOf((drops > 0) ? Set.of("dropped") : Set.of());
			assertThat(inbox.stackTraceLines()).as("no stack trace").isZero();
			bands.assertFlat("the application");
		}
		finally {
			for (PeerProcess peer : peers) {
				peer.close();
			}
		}
	}

	@Test
	@Order(2)
	void fifoFloodOfWritersLeavesTheEndpointServingAndThreadsBack() throws Exception {
		int writers = Reliability.scale(1_000, 10_000);
		int held = 200;
		ProcessStats before = this.inbox.baseline();
		int errorsBefore = this.inbox.errorCount();
		long start = System.nanoTime();
		String done;
		try (PeerProcess flood = PeerProcess.pythonCode(FIFO_FLOOD, this.fifo.toString(), String.valueOf(writers),
				String.valueOf(held))) {
			done = flood.await("DONE", Inbox.WAIT);
		}
		int batches = Integer.parseInt(done.split(" ")[1]);
		await().atMost(Inbox.WAIT)
			.pollInterval(Duration.ofMillis(100))
			.until(() -> received("fifo-flood-") == batches && this.inbox.received().contains("after-the-fifo-flood"));
		long millis = (System.nanoTime() - start) / 1_000_000;
		ProcessStats after = this.inbox.settled(before);
		int errors = this.inbox.errorCount() - errorsBefore;
		Reliability.report("flood fifo: " + writers + " writers, " + held + " open at once, one frame from each batch ("
				+ batches + "), then one more: all delivered after " + millis + " ms, errors " + errors + "; receiver "
				+ before + " before, " + after + " after");
		assertThat(errors).as("a writer's clean close is no error").isZero();
		assertThat(after.threads()).as("threads back: " + this.inbox.extraThreads())
			.isLessThanOrEqualTo(before.threads() + 2);
		assertThat(after.fds()).as("descriptors back").isLessThanOrEqualTo(before.fds() + 2);
	}

	@Test
	@Order(3)
	void fileFloodIsAllDeliveredAndTheEndpointServesOn() throws Exception {
		int burst = Reliability.scale(1_000, 20_000);
		ProcessStats before = this.inbox.baseline();
		int errorsBefore = this.inbox.errorCount();
		long start = System.nanoTime();
		try (PeerProcess flood = PeerProcess.pythonCode(FILE_FLOOD, this.files.toString(), String.valueOf(burst))) {
			flood.await("DONE", Inbox.WAIT);
			long written = (System.nanoTime() - start) / 1_000_000;
			await().atMost(Inbox.WAIT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> received("file-flood-") >= burst);
			long drained = (System.nanoTime() - start) / 1_000_000;
			flood.tell("after");
			flood.await("AFTER", Inbox.WAIT);
			await().atMost(Inbox.WAIT)
				.pollInterval(Duration.ofMillis(100))
				.until(() -> this.inbox.received().contains("after-the-file-flood"));
			ProcessStats after = this.inbox.settled(before);
			int errors = this.inbox.errorCount() - errorsBefore;
			long distinct = this.inbox.received()
				.stream()
				.filter((p) -> p.startsWith("file-flood-"))
				.distinct()
				.count();
			Reliability.report("flood file: " + burst + " files written in " + written + " ms, all handled after "
					+ drained + " ms (" + distinct + " distinct), then one more delivered; errors " + errors + "; new/ "
					+ entries(this.files.resolve("new")) + ", claimed in cur/ " + claimed(this.files.resolve("cur"))
					+ ", error/ " + entries(this.files.resolve("error")) + " entries left; receiver " + before
					+ " before, " + after + " after");
			assertThat(received("file-flood-")).as("each once").isEqualTo(burst);
			assertThat(distinct).isEqualTo(burst);
			assertThat(errors).isZero();
			assertThat(entries(this.files.resolve("new"))).as("nothing left in new/").isZero();
			// the last file is removed just after its handler returned
			await().atMost(Duration.ofSeconds(10)).until(() -> claimed(this.files.resolve("cur")) == 0);
			assertThat(entries(this.files.resolve("error"))).as("nothing in error/").isZero();
			assertThat(after.threads()).as("threads back: " + this.inbox.extraThreads())
				.isLessThanOrEqualTo(before.threads() + 2);
			assertThat(after.fds()).as("descriptors back").isLessThanOrEqualTo(before.fds() + 2);
		}
	}

	private int received(String prefix) {
		return (int) this.inbox.received().stream().filter((p) -> p.startsWith(prefix)).count();
	}

	/**
	 * Files in the readers' claim folders ({@code cur/<reader>/}; beside them each
	 * reader's lock file): messages taken and not yet removed.
	 */
	private static long claimed(Path cur) throws IOException {
		try (java.util.stream.Stream<Path> files = Files.walk(cur)) {
			return files.filter((f) -> Files.isRegularFile(f) && !f.getParent().equals(cur)).count();
		}
	}

	private static long entries(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return 0;
		}
		try (java.util.stream.Stream<Path> entries = Files.list(folder)) {
			return entries.count();
		}
	}

	/** An inbound endpoint {@code name} on channel {@code in}. */
	private static List<String> endpoint(String name, String transport, String address) {
		String prefix = "ipc.endpoints." + name + ".";
		return List.of(prefix + "transport=" + transport, prefix + "role=inbound", prefix + "address=" + address,
				prefix + "channel=in");
	}

	/** Messages received per transport (the payload's prefix). */
	private static Map<String, Integer> tally(Inbox inbox) {
		Map<String, Integer> tally = new TreeMap<>();
		TRANSPORTS.forEach((t) -> tally.put(t, 0));
		inbox.received().forEach((payload) -> tally.computeIfPresent(transportOf(payload), (t, n) -> n + 1));
		return tally;
	}

	private static Map<String, Integer> distinct(Inbox inbox) {
		Set<String> seen = new HashSet<>(inbox.received());
		Map<String, Integer> distinct = new TreeMap<>();
		seen.forEach((payload) -> distinct.merge(transportOf(payload), 1, Integer::sum));
		return distinct;
	}

	private static String transportOf(String payload) {
		int dash = payload.lastIndexOf('-');
		return (dash < 0) ? payload : payload.substring(0, dash);
	}

}
