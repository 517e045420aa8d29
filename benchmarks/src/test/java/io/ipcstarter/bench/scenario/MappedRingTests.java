package io.ipcstarter.bench.scenario;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The raw baseline ring keeps every record intact and in order across many wrap-arounds,
 * and refuses a record when full instead of overwriting. (Cross-process use is exercised
 * by the harness itself and {@code HarnessSmokeTests}.)
 */
class MappedRingTests {

	@Test
	void keepsOrderAndContentAcrossWrapsAndNeverOverwrites(@TempDir Path dir) throws Exception {
		try (MappedRing producer = MappedRing.create(dir.resolve("r"), 4096);
				MappedRing consumer = MappedRing.open(dir.resolve("r"))) {
			List<byte[]> sent = new ArrayList<>();
			List<byte[]> received = new ArrayList<>();
			MappedRing.Handler collect = (buffer, offset, length) -> {
				byte[] copy = new byte[length];
				buffer.getBytes(offset, copy);
				received.add(copy);
			};
			int next = 0;
			for (int round = 0; round < 200; round++) {
				// fill until refused, with sizes that do not divide the capacity, so
				// records straddle the end
				while (true) {
					byte[] payload = payload(next, 1 + (next * 37) % 700);
					if (!producer.offer(new UnsafeBuffer(payload), 0, payload.length)) {
						break;
					}
					sent.add(payload);
					next++;
				}
				consumer.poll(collect, 1 + round % 5);
			}
			while (consumer.poll(collect, 100) > 0) {
				// drain
			}
			assertThat(received).hasSameSizeAs(sent);
			for (int i = 0; i < sent.size(); i++) {
				assertThat(received.get(i)).as("record %d", i).isEqualTo(sent.get(i));
			}
			assertThat(sent.size()).isGreaterThan(200);
		}
	}

	private static byte[] payload(int seed, int length) {
		byte[] payload = new byte[length];
		for (int i = 0; i < length; i++) {
			payload[i] = (byte) (seed * 31 + i);
		}
		return payload;
	}

}
