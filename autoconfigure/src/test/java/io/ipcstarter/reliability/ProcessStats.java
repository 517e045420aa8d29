package io.ipcstarter.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Resident memory, threads and open file descriptors of a process, read from Linux's
 * {@code /proc}.
 */
record ProcessStats(long rssKib, int threads, int fds) {

	static ProcessStats of(long pid) throws IOException {
		long rss = 0;
		int threads = 0;
		for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
			if (line.startsWith("VmRSS:")) {
				rss = Long.parseLong(line.replaceAll("[^0-9]", ""));
			}
			else if (line.startsWith("Threads:")) {
				threads = Integer.parseInt(line.replaceAll("[^0-9]", ""));
			}
		}
		try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
			return new ProcessStats(rss, threads, (int) fds.count());
		}
	}

	@Override
	public String toString() {
		return "RSS " + (this.rssKib / 1024) + " MiB, " + this.threads + " threads, " + this.fds + " fds";
	}

}
