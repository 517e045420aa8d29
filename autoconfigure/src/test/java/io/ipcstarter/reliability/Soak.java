package io.ipcstarter.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToLongFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the soaks share ({@link SoakAndFloodTests}, {@link SoloSoakTests},
 * {@link HostileStormTests}): the python peers that send good messages at a steady pace,
 * the sampling of the receivers' processes, the bands the samples must stay in, and the
 * kernel's count of dropped datagrams.
 */
final class Soak {

	/** Messages a second from each paced peer. */
	static final int RATE = 200;

	/** The size of a soaked ring: the C peer {@code ring_peer soak} needs it too. */
	static final int RING_CAPACITY = 256 * 1024;

	/**
	 * The python peers, by kind: {@code fifo} (a writer that comes and goes every 50
	 * messages), {@code file} (a maildir writer: {@code tmp/}, then a rename into
	 * {@code new/}), {@code udp}, {@code process} (the application's child: frames on its
	 * stdout once the file named by its argument exists, if it has one, then it waits for
	 * the end of its stdin), {@code stdio} (the application's parent: starts it, sends on
	 * {@code go}, closes its stdin on the next line). Each sends {@code COUNT} messages,
	 * message {@code i} at {@code i / RATE} seconds after its first, each payload
	 * {@code <kind>-<i>}. Self-contained: the {@code process} child runs it from a file.
	 */
	static final String PEERS = """
			import os, socket, struct, subprocess, sys, time
			kind, count, rate, args = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4:]
			def frame(payload):
			    return struct.pack('>I', len(payload)) + payload
			def write_all(fd, data):
			    view = memoryview(data)
			    while view:
			        view = view[os.write(fd, view):]
			def say(line):
			    os.write(1, b'PEER:' + line.encode() + b'\\n')
			def paced(send):
			    start = time.monotonic()
			    for i in range(count):
			        delay = start + i / rate - time.monotonic()
			        if delay > 0:
			            time.sleep(delay)
			        send(i)
			if kind == 'fifo':
			    fd = [None]
			    def send(i):
			        if i % 50 == 0:
			            if fd[0] is not None:
			                os.close(fd[0])
			            fd[0] = os.open(args[0], os.O_WRONLY)
			        write_all(fd[0], frame(b'fifo-%d' % i))
			    paced(send)
			    os.close(fd[0])
			elif kind == 'file':
			    new, tmp = os.path.join(args[0], 'new'), os.path.join(args[0], 'tmp')
			    def send(i):
			        name = '%d.%d_%d.soak' % (time.time(), os.getpid(), i)
			        with open(os.path.join(tmp, name), 'wb') as f:
			            f.write(b'file-%d' % i)
			        os.rename(os.path.join(tmp, name), os.path.join(new, name))
			    paced(send)
			elif kind == 'udp':
			    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
			    paced(lambda i: s.sendto(b'udp-%d' % i, ('127.0.0.1', int(args[0]))))
			elif kind == 'process':
			    while args and not os.path.exists(args[0]):
			        time.sleep(0.05)
			    paced(lambda i: write_all(1, frame(b'process-%d' % i)))
			    # until the endpoint closes stdin (on stop) or the application dies
			    sys.stdin.buffer.read()
			    sys.exit(0)
			elif kind == 'stdio':
			    child = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=1, stderr=2)
			    say('CHILD %d' % child.pid)
			    sys.stdin.readline()
			    def send(i):
			        child.stdin.write(frame(b'stdio-%d' % i))
			        child.stdin.flush()
			    paced(send)
			    say('DONE %d' % count)
			    sys.stdin.readline()
			    child.stdin.close()
			    sys.exit(0)
			say('DONE %d' % count)
			""";

	private Soak() {
	}

	/**
	 * Sample the processes {@code pids} until {@code seconds} have passed, 60 times in
	 * all but not more often than every {@code leastMillis}.
	 * @return the samples of each process, in the order of {@code pids}
	 */
	static List<List<ProcessStats>> sample(int seconds, long leastMillis, long... pids)
			throws IOException, InterruptedException {
		List<List<ProcessStats>> samples = new ArrayList<>();
		Arrays.stream(pids).forEach((pid) -> samples.add(new ArrayList<>()));
		long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
		while (System.nanoTime() < end) {
			Thread.sleep(Math.max(leastMillis, seconds * 1000L / 60));
			for (int i = 0; i < pids.length; i++) {
				samples.get(i).add(ProcessStats.of(pids[i]));
			}
		}
		return samples;
	}

	static int freeUdpPort() throws IOException {
		try (DatagramSocket free = new DatagramSocket(0)) {
			return free.getLocalPort();
		}
	}

	/**
	 * The {@code drops} column of the UDP socket bound to {@code port}, from
	 * {@code /proc/net/udp} (the kernel's count, apart from the code under test).
	 */
	static long kernelDrops(int port) {
		String local = String.format(":%04X", port);
		long drops = 0;
		List<String> lines;
		try {
			lines = Files.readAllLines(Path.of("/proc/net/udp"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (String line : lines) {
			String[] columns = line.trim().split("\\s+");
			if (columns[1].endsWith(local)) {
				drops += Long.parseLong(columns[columns.length - 1]);
			}
		}
		return drops;
	}

	/** The smallest and largest of some samples. */
	record Band(long min, long max) {

		static Band of(List<ProcessStats> samples, ToLongFunction<ProcessStats> figure) {
			return new Band(samples.stream().mapToLong(figure).min().orElseThrow(),
					samples.stream().mapToLong(figure).max().orElseThrow());
		}

		long width() {
			return this.max - this.min;
		}

		@Override
		public String toString() {
			return (this.min == this.max) ? String.valueOf(this.min) : this.min + "-" + this.max;
		}

	}

	/**
	 * The bands of a soaked process's RSS (MiB), threads and descriptors after the first
	 * third of its samples (the JVM warms up in the first).
	 */
	record Bands(Band rss, Band threads, Band fds, int samples) {

		static Bands afterFirstThird(List<ProcessStats> samples) {
			List<ProcessStats> warm = samples.subList(samples.size() / 3, samples.size());
			return new Bands(Band.of(warm, (s) -> s.rssKib() / 1024), Band.of(warm, ProcessStats::threads),
					Band.of(warm, ProcessStats::fds), samples.size());
		}

		/** Flat: threads within 3, descriptors within 4, RSS within 64 MiB. */
		void assertFlat(String what) {
			assertThat(this.threads.width()).as(what + ": threads flat").isLessThanOrEqualTo(3);
			assertThat(this.fds.width()).as(what + ": descriptors flat").isLessThanOrEqualTo(4);
			assertThat(this.rss.width()).as(what + ": memory flat (MiB)").isLessThan(64);
		}

		@Override
		public String toString() {
			return "RSS " + this.rss + " MiB, threads " + this.threads + ", fds " + this.fds + " (" + this.samples
					+ " samples)";
		}

	}

}
