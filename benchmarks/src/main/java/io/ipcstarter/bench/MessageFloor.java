package io.ipcstarter.bench;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.IdGenerator;

import io.ipcstarter.integration.IpcIdGenerator;

/**
 * The floor under any Spring row: what one {@link GenericMessage} and one
 * {@link DirectChannel} dispatch to a subscriber cost, in one thread of one JVM, with no
 * IPC at all. Every message of the full starter pays at least this on each side (the
 * sender builds one, the receiving endpoint builds one), so it bounds how close the
 * starter can get to the transport SPI. Not part of the suite (it is not IPC); run it by
 * hand after a build: <pre>
 * java -XX:+AlwaysPreTouch -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.ipcstarter.bench.MessageFloor
 * </pre> It installs the starter's cheap ids ({@code ipc.message-ids=fast}, as the
 * benchmark apps run) and prints ns per message for eight rounds of five million; the
 * later rounds are the compiled steady state. Its last line is the result: the median of
 * rounds 4-7. The coordinator runs it the same way, in a child JVM with the children's
 * options, before the rows of any run with a full-starter row, for the headline check
 * "starter ≤ SPI + 2 × floor".
 */
public final class MessageFloor {

	private static final int MESSAGES = 5_000_000;

	private static final int ROUNDS = 8;

	/**
	 * How the last line of the output starts: the result, ns per message, for the
	 * coordinator to read.
	 */
	public static final String RESULT = "floor ns per message: ";

	private MessageFloor() {
	}

	public static void main(String[] args) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			DirectChannel channel = context.getBean(DirectChannel.class);
			long[] received = new long[1];
			channel.subscribe(message -> received[0] += ((byte[]) message.getPayload()).length);
			byte[] payload = new byte[64];
			double[] rounds = new double[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				long start = System.nanoTime();
				for (int i = 0; i < MESSAGES; i++) {
					channel.send(new GenericMessage<>(payload));
				}
				long end = System.nanoTime();
				rounds[round] = (end - start) / (double) MESSAGES;
				System.out.printf(Locale.ROOT,
						"round %d: %.1f ns per 64-byte message (GenericMessage + DirectChannel send)%n", round,
						rounds[round]);
			}
			if (received[0] != (long) ROUNDS * MESSAGES * payload.length) {
				throw new IllegalStateException("the subscriber missed messages: " + received[0] + " bytes");
			}
			// the compiled steady state: the median of the second half of the rounds
			double[] later = Arrays.copyOfRange(rounds, ROUNDS / 2, ROUNDS);
			Arrays.sort(later);
			System.out.printf(Locale.ROOT, "%s%.1f%n", RESULT, (later[1] + later[2]) / 2);
		}
	}

	/**
	 * Spring Integration with the starter's id generator, which it installs JVM-wide, and
	 * one channel.
	 */
	@Configuration
	@EnableIntegration
	static class Config {

		@Bean
		IdGenerator idGenerator() {
			return IpcIdGenerator.INSTANCE;
		}

		@Bean
		DirectChannel sink() {
			return new DirectChannel();
		}

	}

}
