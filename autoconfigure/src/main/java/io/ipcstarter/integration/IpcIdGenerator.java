package io.ipcstarter.integration;

import java.security.SecureRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.util.IdGenerator;

/**
 * Message ids that cost a counter step: the high 64 bits are random once per JVM, the low
 * 64 bits count. Unique within the JVM; across processes unique by the random half.
 * Spring's default generator draws 16 random bytes per message, which the benchmarks
 * measured as about a third of what sending a small message through a channel to a
 * shared-memory endpoint costs (and every request/reply builds several messages).
 * <p>
 * Messages the inbound endpoints build always get these ids (unless the application has
 * its own generator); {@code ipc.message-ids=fast} makes it the generator of every
 * message in the application. Not the default, because Spring Integration installs a
 * generator JVM-wide and refuses a second, different one: another context in the same JVM
 * (a cached test context, say) that declares its own generator would then fail to start.
 * Each thread takes ids from the shared counter in blocks, so threads building messages
 * at once do not contend for one cache line.
 */
public final class IpcIdGenerator implements IdGenerator {

	/**
	 * The one instance: Spring Integration installs a generator JVM-wide, so every
	 * context shares this one.
	 */
	public static final IpcIdGenerator INSTANCE = new IpcIdGenerator();

	private static final int BLOCK = 1024;

	private final long processBits = new SecureRandom().nextLong();

	private final AtomicLong blocks = new AtomicLong();

	private final ThreadLocal<long[]> block = ThreadLocal.withInitial(() -> new long[2]);

	private IpcIdGenerator() {
	}

	@Override
	public UUID generateId() {
		long[] range = this.block.get(); // [next, end)
		if (range[0] == range[1]) {
			range[0] = this.blocks.getAndIncrement() * BLOCK;
			range[1] = range[0] + BLOCK;
		}
		return new UUID(this.processBits, range[0]++);
	}

}
