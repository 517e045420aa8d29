package io.ipcstarter.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real harness on two cheap rows of one group (each a receiver JVM and a sender
 * JVM, frozen between their windows) and checks that it measured something, took the
 * rows' windows in turns, and wrote every output. Part of the {@code benchmarks} profile
 * only.
 */
class HarnessSmokeTests {

	@Test
	void measuresTwoRowsInTurnsAcrossProcessesAndWritesTableCsvAndChart(@TempDir Path out) throws Exception {
		BenchMain.main(new String[] { "--quick", "--windows=2", "--sizes=64,4096",
				"--only=shared-memory/(raw-ring|spi)/backoff", "--out=" + out });

		List<String> csv = Files.readAllLines(out.resolve("results.csv"));
		// header + 2 rows x 2 sizes x (throughput + round trip) x 2 windows
		assertThat(csv).hasSize(1 + 2 * 2 * 2 * 2);
		// in the order measured: per size and window, each row's two windows, the other
		// row first in window 1
		String spi = "shared-memory/spi/backoff";
		String raw = "shared-memory/raw-ring/backoff";
		assertThat(csv.subList(1, csv.size()).stream().map(line -> line.split(",")[0] + " " + line.split(",")[6]))
			.containsExactly(spi + " 0", spi + " 0", raw + " 0", raw + " 0", raw + " 1", raw + " 1", spi + " 1",
					spi + " 1", spi + " 0", spi + " 0", raw + " 0", raw + " 0", raw + " 1", raw + " 1", spi + " 1",
					spi + " 1");
		for (String line : csv.subList(1, csv.size())) {
			String[] f = line.split(",");
			assertThat(Long.parseLong(f[7])).as("messages counted in %s", line).isPositive();
			assertThat(Double.parseDouble(f[16])).as("host hop in %s", line).isPositive();
			if (f[4].equals("THROUGHPUT")) {
				assertThat(Double.parseDouble(f[8])).as("msg/s in %s", line).isPositive();
				// bytes per message at the receiver must be the size sent: nothing of
				// another phase counted
				assertThat(Double.parseDouble(f[9]) * 1e6 / Double.parseDouble(f[8]))
					.isCloseTo(Double.parseDouble(f[3]), org.assertj.core.data.Percentage.withPercentage(1));
			}
			else {
				assertThat(Long.parseLong(f[10])).as("p50 in %s", line).isPositive();
			}
		}
		String md = Files.readString(out.resolve("results.md"));
		assertThat(md).contains("| shared-memory | raw baseline |", "| shared-memory | transport SPI |",
				"Headline ratios", "other CPU", "hop ns");
		assertThat(Files.readString(out.resolve("chart.svg"))).startsWith("<svg").contains(raw).endsWith("</svg>\n");
	}

}
