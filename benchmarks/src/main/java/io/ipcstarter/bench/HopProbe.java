package io.ipcstarter.bench;

import java.util.Arrays;

/**
 * The host's state, in one number: two threads of the coordinator pass a counter back and
 * forth through one volatile field for about 100 ms, and the probe reports the
 * nanoseconds of one one-way hop from core to core (the median of five slices). This VM
 * switches between states for minutes at a time (36 ns per hop in one, 220-230 ns in the
 * other, measured with a pinned C ping-pong), and round trips at 64 B follow it; taken
 * right before each measured window, with every benchmark JVM frozen or idle, it tells
 * which state that window's numbers came from.
 */
final class HopProbe {

	private static final int SLICES = 5;

	private static final long SLICE_NS = 20_000_000;

	/** Odd: the answering thread's turn; even: the asking thread's; negative: stop. */
	private volatile long ball;

	private HopProbe() {
	}

	/**
	 * Run the probe a few times, so its loops are compiled before the first measurement.
	 */
	static void warmUp() throws InterruptedException {
		for (int i = 0; i < 5; i++) {
			measure();
		}
	}

	/**
	 * Nanoseconds per one-way hop between two threads, the median of five 20 ms slices.
	 */
	static double measure() throws InterruptedException {
		HopProbe probe = new HopProbe();
		Thread answerer = new Thread(probe::answer, "hop-probe");
		answerer.setDaemon(true);
		answerer.start();
		double[] slices = new double[SLICES];
		long v = 0;
		for (int s = 0; s < SLICES; s++) {
			long t0 = System.nanoTime();
			long hops = 0;
			long elapsed;
			do {
				// the clock is read every 64 round trips, so reading it costs next to
				// nothing of a 40 ns hop
				for (int k = 0; k < 64; k++) {
					probe.ball = v + 1;
					while (probe.ball != v + 2) {
						Thread.onSpinWait();
					}
					v += 2;
				}
				hops += 128;
				elapsed = System.nanoTime() - t0;
			}
			while (elapsed < SLICE_NS);
			slices[s] = (double) elapsed / hops;
		}
		probe.ball = -1;
		answerer.join();
		Arrays.sort(slices);
		return slices[SLICES / 2];
	}

	private void answer() {
		while (true) {
			long v = this.ball;
			if (v < 0) {
				return;
			}
			if ((v & 1) == 1) {
				this.ball = v + 1;
			}
			else {
				Thread.onSpinWait();
			}
		}
	}

}
