package io.ipcstarter.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.HdrHistogram.Histogram;

import io.ipcstarter.bench.scenario.Scenarios;

/**
 * Entry point of a child JVM: {@code receiver|sender <scenario-id> key=value...}. It
 * starts its side of the scenario and then obeys one-line commands on stdin, answering on
 * stdout with lines starting {@value #TAG} (everything else on stdout, e.g. Spring's
 * logging, is ignored by the coordinator).
 * <ul>
 * <li>receiver: {@code COUNT} answers {@code @@ COUNT <messages> <bytes> <nanoTime>};
 * {@code EXIT}.</li>
 * <li>sender: {@code TPUT <size>} starts sending one-way messages back to back
 * ({@code @@ SENDING} once the first went out), {@code STOP} ends that
 * ({@code @@ STOPPED <sent>}); {@code RTT <size> <warmup-ms> <window-ms> <windows>} runs
 * request/reply for the warm-up, then reports each window as {@code @@ WSTART i} and
 * {@code @@ WEND i <count> <p50> <p99> <p99.9> <max>} (nanoseconds), then
 * {@code @@ RTTDONE}; {@code EXIT}.</li>
 * </ul>
 */
public final class ChildMain {

	/** Prefix of every line meant for the coordinator. */
	public static final String TAG = "@@ ";

	private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out),
			true, StandardCharsets.UTF_8);

	private ChildMain() {
	}

	public static void main(String[] argv) {
		try {
			Scenario scenario = Scenarios.byId(argv[1]);
			Args args = Args.parse(Arrays.asList(argv).subList(2, argv.length));
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			if ("receiver".equals(argv[0])) {
				runReceiver(scenario.receiver(args), in);
			}
			else {
				// booted alongside the receiver (and its heap pre-touched meanwhile):
				// build the endpoints once the receiver is ready for them
				String go = in.readLine();
				if ("START".equals(go)) {
					runSender(scenario.sender(args), in);
				}
				// EXIT or end of input: the receiver failed to start
				else if (go != null && !go.equals("EXIT")) {
					throw new IllegalStateException("Expected START, got " + go);
				}
			}
		}
		catch (Throwable ex) {
			ex.printStackTrace();
			say("ERROR " + oneLine(ex));
		}
		// halt skips shutdown hooks, so a flight recording started with BENCH_*_JVM_ARGS
		// is written out here
		jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().forEach(jdk.jfr.Recording::stop);
		Runtime.getRuntime().halt(0);
	}

	private static void runReceiver(Receiver receiver, BufferedReader in) throws Exception {
		say("READY");
		String line;
		while ((line = in.readLine()) != null && !line.equals("EXIT")) {
			if (line.equals("COUNT")) {
				SinkCounter counter = receiver.counter();
				long now = System.nanoTime();
				say("COUNT " + counter.messages() + " " + counter.bytes() + " " + now);
			}
		}
		closeWithin(receiver, 3);
	}

	private static void runSender(Sender sender, BufferedReader in) throws Exception {
		say("READY");
		OneWayLoop loop = null;
		String line;
		while ((line = in.readLine()) != null && !line.equals("EXIT")) {
			String[] w = line.split(" ");
			switch (w[0]) {
				case "TPUT" -> {
					loop = new OneWayLoop(sender, payload(Integer.parseInt(w[1])));
					loop.start();
				}
				case "STOP" -> {
					if (loop != null) {
						say("STOPPED " + loop.finish());
						loop = null;
					}
				}
				case "RTT" -> roundTrips(sender, payload(Integer.parseInt(w[1])), Long.parseLong(w[2]),
						Long.parseLong(w[3]), Integer.parseInt(w[4]));
				default -> say("ERROR unknown command " + line);
			}
		}
		closeWithin(sender, 3);
	}

	private static void roundTrips(Sender sender, byte[] payload, long warmupMs, long windowMs, int windows)
			throws Exception {
		long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(warmupMs);
		while (System.nanoTime() < end) {
			check(sender.request(payload), payload);
		}
		Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
		for (int i = 0; i < windows; i++) {
			histogram.reset();
			say("WSTART " + i);
			end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(windowMs);
			long t0 = System.nanoTime();
			while (t0 < end) {
				check(sender.request(payload), payload);
				long t1 = System.nanoTime();
				histogram.recordValue(t1 - t0);
				t0 = t1;
			}
			say("WEND " + i + " " + histogram.getTotalCount() + " " + histogram.getValueAtPercentile(50) + " "
					+ histogram.getValueAtPercentile(99) + " " + histogram.getValueAtPercentile(99.9) + " "
					+ histogram.getMaxValue());
		}
		say("RTTDONE");
	}

	private static void check(byte[] reply, byte[] request) {
		if (reply == null || reply.length != request.length) {
			throw new IllegalStateException("Echo of " + request.length + " bytes came back as "
					+ (reply == null ? "null" : reply.length + " bytes"));
		}
	}

	static byte[] payload(int size) {
		byte[] payload = new byte[size];
		for (int i = 0; i < size; i++) {
			payload[i] = (byte) ('a' + i % 26);
		}
		return payload;
	}

	static void say(String line) {
		OUT.println(TAG + line);
	}

	static String oneLine(Throwable ex) {
		return (ex.getClass().getSimpleName() + ": " + ex.getMessage()).replace('\n', ' ');
	}

	/**
	 * Close on a helper thread so a slow graceful stop cannot hold the coordinator up;
	 * the JVM halts anyway.
	 */
	private static void closeWithin(AutoCloseable closeable, int seconds) throws InterruptedException {
		Thread closer = new Thread(() -> {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				ex.printStackTrace();
			}
		}, "bench-close");
		closer.setDaemon(true);
		closer.start();
		closer.join(TimeUnit.SECONDS.toMillis(seconds));
	}

	/** Sends one-way messages back to back on its own thread until stopped. */
	private static final class OneWayLoop extends Thread {

		private final Sender sender;

		private final byte[] payload;

		private volatile boolean running = true;

		private long sent;

		OneWayLoop(Sender sender, byte[] payload) {
			super("bench-send");
			this.sender = sender;
			this.payload = payload;
		}

		@Override
		public void run() {
			try {
				this.sender.send(this.payload);
				this.sent++;
				say("SENDING");
				while (this.running) {
					this.sender.send(this.payload);
					this.sent++;
				}
			}
			catch (Throwable ex) {
				ex.printStackTrace();
				say("ERROR " + oneLine(ex));
			}
		}

		long finish() throws InterruptedException {
			this.running = false;
			join(TimeUnit.SECONDS.toMillis(30));
			return this.sent;
		}

	}

}
