package io.ipcstarter.reliability;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.testsupport.CPeers;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The soak of {@link SoakAndFloodTests} with each of its seven inbound endpoints alone in
 * an {@link InboxApplication} of its own ({@code stdio}, {@code process}, {@code fifo},
 * {@code file}, {@code shared-memory}, {@code udp}, {@code message-queue}; the same
 * peers, the same pace, {@value Soak#RATE} messages a second for 600 s). Each
 * application's RSS, threads and descriptors must stay within their bands after the first
 * third of the run: a leak of one transport that the other six's noise would hide in the
 * shared application shows here in its own process. Every message must arrive once
 * ({@code udp}: with the kernel's drops), and nothing be counted as an error.
 * <p>
 * The seven applications run side by side, started at once and soaked at once: the full
 * version takes 10 minutes, not 70. They share the machine (its cores, the page cache),
 * not a process. The default build soaks one of them for 2 s ({@link #SHORT}): seven
 * Spring Boot JVMs starting at once take half a minute on a loaded two-core machine.
 */
@Tag("reliability")
@EnabledOnOs(OS.LINUX)
class SoloSoakTests {

	/**
	 * The one the default build soaks, for 2 s: each application's start costs seconds on
	 * two cores, and a few seconds of samples show no leak anyway; its child starts
	 * sending when a file appears, which no other test does.
	 */
	private static final String SHORT = "process";

	@TempDir
	Path dir;

	@Test
	void eachInboundEndpointAloneInItsApplicationDeliversEveryMessageAndStaysFlat() throws Exception {
		int seconds = Reliability.scale(2, 600);
		int count = seconds * Soak.RATE;
		String n = String.valueOf(count);
		String rate = String.valueOf(Soak.RATE);
		Path script = Files.writeString(this.dir.resolve("soak.py"), Soak.PEERS);
		Path go = this.dir.resolve("go");
		Path fifo = this.dir.resolve("soak.fifo");
		Path files = this.dir.resolve("inbox");
		Path ring = this.dir.resolve("soak.ring");
		int port = Soak.freeUdpPort();
		String queue = "/ipc-solo-soak-" + UUID.randomUUID();
		List<Solo> all = List.of(new Solo("stdio",
				() -> Inbox
					.startedBy(PeerProcess.pythonCode(Soak.PEERS, stdioParent(n, rate, Inbox.command("stdio", "-")))),
				(inbox) -> {
					inbox.process().tell("go");
					return inbox.process();
				}),
				new Solo("process",
						() -> Inbox.start("process", "python3 " + script + " process " + n + " " + rate + " " + go),
						(inbox) -> {
							Files.createFile(go);
							return null;
						}),
				new Solo("fifo", () -> Inbox.start("fifo", fifo.toString()),
						(inbox) -> PeerProcess.pythonCode(Soak.PEERS, "fifo", n, rate, fifo.toString())),
				new Solo("file", () -> Inbox.start("file", files.toString()),
						(inbox) -> PeerProcess.pythonCode(Soak.PEERS, "file", n, rate, files.toString())),
				new Solo("shm",
						() -> Inbox.start("shared-memory", ring.toString(),
								"shared-memory.capacity=" + Soak.RING_CAPACITY / 1024 + "KB", "max-message-size=4KB"),
						(inbox) -> PeerProcess.command(CPeers.build("ring_peer").toString(), "soak", ring.toString(),
								String.valueOf(Soak.RING_CAPACITY), n, rate)),
				new Solo("udp", () -> Inbox.start("udp", String.valueOf(port)),
						(inbox) -> PeerProcess.pythonCode(Soak.PEERS, "udp", n, rate, String.valueOf(port))),
				new Solo("mq", () -> Inbox.start("message-queue", queue), (inbox) -> PeerProcess
					.command(CPeers.build("mq_peer", "-lrt").toString(), "soak", queue, n, rate)));
		List<Solo> solos = Reliability.FULL ? all : all.stream().filter((solo) -> solo.name.equals(SHORT)).toList();
		ExecutorService starting = Executors.newFixedThreadPool(solos.size());
		try {
			long startup = System.nanoTime();
			List<Future<?>> started = new ArrayList<>();
			solos.forEach((solo) -> started.add(starting.submit(() -> solo.inbox = solo.application.start())));
			for (Future<?> application : started) {
				application.get();
			}
			startup = (System.nanoTime() - startup) / 1_000_000;
			long[] pids = new long[solos.size()];
			for (int i = 0; i < solos.size(); i++) {
				pids[i] = solos.get(i).inbox.pid();
				solos.get(i).before = solos.get(i).inbox.baseline();
			}
			long start = System.nanoTime();
			for (Solo solo : solos) {
				solo.peer = solo.go.go(solo.inbox);
			}
			List<List<ProcessStats>> samples = Soak.sample(seconds, 500, pids);
			Duration wait = Duration.ofSeconds(seconds / 2 + 60);
			for (Solo solo : solos) {
				if (solo.peer != null) {
					// the C peers' last line, or the python peers'
					solo.peer.awaitLine((l) -> l.equals("done") || l.equals(PeerProcess.SAID + "DONE " + n), "done",
							wait);
				}
			}
			await().atMost(Inbox.WAIT)
				.pollInterval(Duration.ofMillis(250))
				.until(() -> solos.stream()
					.allMatch((s) -> s.inbox.receivedCount()
							+ (s.name.equals("udp") ? Soak.kernelDrops(port) : 0) >= count));
			long millis = (System.nanoTime() - start) / 1_000_000;
			long drops = Soak.kernelDrops(port);
			// all reported before any is checked
			List<Soak.Bands> bands = samples.stream().map(Soak.Bands::afterFirstThird).toList();
			for (int i = 0; i < solos.size(); i++) {
				solos.get(i).report(count, drops, bands.get(i));
			}
			Reliability.report("solo soaks: " + solos.size() + " applications started side by side in " + startup
					+ " ms, all messages in " + millis + " ms");
			for (int i = 0; i < solos.size(); i++) {
				solos.get(i).check(count, drops, bands.get(i));
			}
		}
		finally {
			starting.shutdownNow();
			for (Solo solo : solos) {
				solo.close();
			}
			PosixMessageQueues.get().mq_unlink(queue);
		}
	}

	private static String[] stdioParent(String n, String rate, List<String> application) {
		List<String> args = new ArrayList<>(List.of("stdio", n, rate));
		args.addAll(application);
		return args.toArray(String[]::new);
	}

	/** Something to start that may throw. */
	@FunctionalInterface
	private interface Start<T> {

		T start() throws Exception;

	}

	/** What sets a soak going once its application runs. */
	@FunctionalInterface
	private interface Go {

		/**
		 * @return the peer that says when it sent all (a {@code stdio} application's
		 * parent, a writer), or {@code null} for none (a {@code process} child)
		 */
		PeerProcess go(Inbox inbox) throws Exception;

	}

	/**
	 * One application with its endpoint, and what sets its peer writing: the parent of a
	 * {@code stdio} application, the child of a {@code process} one, a writer of its own
	 * for the others.
	 */
	private static final class Solo {

		/** The transport as payloads name it. */
		private final String name;

		private final Start<Inbox> application;

		private final Go go;

		private volatile Inbox inbox;

		private PeerProcess peer;

		private ProcessStats before;

		Solo(String name, Start<Inbox> application, Go go) {
			this.name = name;
			this.application = application;
			this.go = go;
		}

		/** Report this application's figures. */
		void report(int count, long udpDrops, Soak.Bands bands) {
			List<String> received = this.inbox.received();
			Reliability.report("soak of " + this.name + " alone in its application, " + count / Soak.RATE + " s, "
					+ Soak.RATE + " messages a second (" + count + "): received " + received.size() + " ("
					+ new HashSet<>(received).size() + " distinct"
					+ (this.name.equals("udp") ? ", " + udpDrops + " dropped by the kernel" : "") + "); errors "
					+ this.inbox.errorsByReason() + ", log " + this.inbox.logLines() + " lines ("
					+ this.inbox.stackTraceLines() + " of stack traces); " + this.before
					+ " before; after the first third: " + bands);
		}

		/**
		 * Every message once ({@code udp}: but the kernel's drops), no error, no stack
		 * trace, flat.
		 */
		void check(int count, long udpDrops, Soak.Bands bands) {
			long drops = this.name.equals("udp") ? udpDrops : 0;
			List<String> received = this.inbox.received();
			int expected = count - (int) drops;
			assertThat(received).as(this.name + ": every message").hasSize(expected);
			assertThat(received.stream().filter((p) -> p.startsWith(this.name + "-")).distinct().count())
				.as(this.name + ": each once")
				.isEqualTo(expected);
			assertThat(this.inbox.errorsByReason().keySet()).as(this.name + ": no errors (udp: the kernel's drops)")
				.isSubsetOf((drops > 0) ? Set.of("dropped") : Set.of());
			assertThat(this.inbox.stackTraceLines()).as(this.name + ": no stack trace").isZero();
			bands.assertFlat(this.name);
		}

		/**
		 * Kill the application (with its child, or its parent and that parent), and its
		 * writer: its stop is not what this tests, and on a loaded machine a graceful one
		 * takes seconds.
		 */
		void close() throws InterruptedException {
			if (this.peer != null && (this.inbox == null || this.peer != this.inbox.process())) {
				this.peer.close();
			}
			if (this.inbox != null) {
				this.inbox.kill();
			}
		}

	}

}
