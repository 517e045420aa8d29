package io.ipcstarter.integration;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ids from {@link IpcIdGenerator} never repeat, also when many threads take them at once
 * and across the blocks each thread takes from the shared counter.
 */
class IpcIdGeneratorTests {

	@Test
	void idsFromManyThreadsAreAllDistinctAndShareTheProcessHalf() throws Exception {
		int threads = 8;
		int perThread = 50_000; // about 49 blocks per thread
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<UUID[]>> tasks = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				tasks.add(() -> {
					UUID[] ids = new UUID[perThread];
					for (int i = 0; i < perThread; i++) {
						ids[i] = IpcIdGenerator.INSTANCE.generateId();
					}
					return ids;
				});
			}
			Set<UUID> all = new HashSet<>();
			Set<Long> high = new HashSet<>();
			for (Future<UUID[]> result : pool.invokeAll(tasks)) {
				for (UUID id : result.get()) {
					all.add(id);
					high.add(id.getMostSignificantBits());
				}
			}
			assertThat(all).hasSize(threads * perThread);
			assertThat(high).hasSize(1);
		}
		finally {
			pool.shutdownNow();
		}
	}

}
