package io.ipcstarter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A reading of {@code /proc}: the whole machine's CPU ticks ({@code /proc/stat}) and
 * those of the benchmark's own processes ({@code /proc/<pid>/stat}). Two readings give
 * the CPU the benchmark used and the CPU every other process on the machine used in
 * between, in cores. Zeros where {@code /proc} does not exist (not Linux).
 *
 * @param totalTicks all CPUs, all states
 * @param busyTicks all CPUs, not idle nor waiting for I/O
 * @param benchTicks user + system ticks of the sender and receiver JVMs
 * @param harnessTicks user + system ticks of the coordinator itself
 */
public record CpuSample(long totalTicks, long busyTicks, long benchTicks, long harnessTicks) {

	/** Read {@code /proc} now, for the given child pids. */
	public static CpuSample take(long... benchPids) {
		long[] machine = machine();
		long bench = 0;
		for (long pid : benchPids) {
			bench += processTicks(pid);
		}
		return new CpuSample(machine[0], machine[1], bench, processTicks(ProcessHandle.current().pid()));
	}

	/** The CPU used between {@code before} and this sample. */
	public Usage since(CpuSample before, int cpus) {
		long total = this.totalTicks - before.totalTicks;
		if (total <= 0) {
			return new Usage(0, 0);
		}
		double elapsedPerCpu = (double) total / cpus;
		long bench = this.benchTicks - before.benchTicks;
		long harness = this.harnessTicks - before.harnessTicks;
		long other = Math.max(0, this.busyTicks - before.busyTicks - bench - harness);
		return new Usage(bench / elapsedPerCpu, other / elapsedPerCpu);
	}

	/**
	 * CPU used over an interval, in cores (1.0 = one core fully busy).
	 *
	 * @param benchCores by the sender and receiver JVMs
	 * @param otherCores by every other process on the machine (other users' builds, the
	 * OS), not the harness
	 */
	public record Usage(double benchCores, double otherCores) {
	}

	private static long[] machine() {
		try {
			List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
			String[] f = lines.get(0).trim().split("\\s+");
			long total = 0;
			// user nice system idle iowait irq softirq steal (guest time is already
			// inside user)
			for (int i = 1; i <= 8 && i < f.length; i++) {
				total += Long.parseLong(f[i]);
			}
			long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
			return new long[] { total, total - idle };
		}
		catch (IOException | RuntimeException ex) {
			return new long[] { 0, 0 };
		}
	}

	private static long processTicks(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
			// the command name may contain spaces: fields are counted after its closing
			// parenthesis
			String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			return Long.parseLong(f[11]) + Long.parseLong(f[12]);
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
	}

}
