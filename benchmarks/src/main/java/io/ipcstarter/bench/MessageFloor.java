package io.ipcstarter.bench;

import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.util.IdGenerator;

import io.ipcstarter.integration.IpcIdGenerator;

/**
 * The floor under any Spring row: what one {@link GenericMessage} and one {@link DirectChannel} dispatch to a
 * subscriber cost, in one thread of one JVM, with no IPC at all. Every message of the full starter pays at least this
 * on each side (the sender builds one, the receiving endpoint builds one), so it bounds how close the starter can get
 * to the transport SPI. Not part of the suite (it is not IPC); run it by hand after a build:
 * <pre>
 * java -XX:+AlwaysPreTouch -cp "benchmarks/target/classes:benchmarks/target/lib/*" io.ipcstarter.bench.MessageFloor
 * </pre>
 * It installs the starter's cheap ids ({@code ipc.message-ids=fast}, as the benchmark apps run) and prints ns per
 * message for eight rounds of five million; the later rounds are the compiled steady state.
 */
public final class MessageFloor {

	private static final int MESSAGES = 5_000_000;

	private MessageFloor() {
	}

	public static void main(String[] args) {
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Config.class)) {
			DirectChannel channel = context.getBean(DirectChannel.class);
			long[] received = new long[1];
			channel.subscribe(message -> received[0] += ((byte[]) message.getPayload()).length);
			byte[] payload = new byte[64];
			for (int round = 0; round < 8; round++) {
				long start = System.nanoTime();
				for (int i = 0; i < MESSAGES; i++) {
					channel.send(new GenericMessage<>(payload));
				}
				long end = System.nanoTime();
				System.out.printf("round %d: %.1f ns per 64-byte message (GenericMessage + DirectChannel send)%n", round,
						(end - start) / (double) MESSAGES);
			}
			if (received[0] != 8L * MESSAGES * payload.length) {
				throw new IllegalStateException("the subscriber missed messages: " + received[0] + " bytes");
			}
		}
	}

	/** Spring Integration with the starter's id generator, which it installs JVM-wide, and one channel. */
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
