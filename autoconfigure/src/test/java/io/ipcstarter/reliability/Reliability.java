package io.ipcstarter.reliability;

/**
 * How big the reliability suite runs: short in every build, full with
 * {@code -Preliability} (which sets {@code ipc.reliability.full=true}). Figures are
 * printed as lines starting {@code RELIABILITY} (in
 * {@code target/surefire-reports/*-output.txt}); {@code docs/reliability.md} quotes them.
 */
final class Reliability {

	static final boolean FULL = Boolean.getBoolean("ipc.reliability.full");

	private Reliability() {
	}

	/** The short figure in every build, the long one under {@code -Preliability}. */
	static int scale(int quick, int full) {
		return FULL ? full : quick;
	}

	static void report(String line) {
		System.out.println("RELIABILITY " + (FULL ? "full " : "short ") + line);
	}

}
