package io.ipcstarter.transport.kafka;

import java.time.Duration;
import java.util.Map;

import io.ipcstarter.testsupport.PeerProcess;

/**
 * The one Kafka broker of this module's tests: {@link BrokerMain} in a JVM of its own,
 * started on first use and ended with the test JVM. Every test therefore talks to the
 * broker across processes, over loopback TCP, as an application talks to a real one.
 */
public final class KafkaTestBroker {

	private static volatile String bootstrapServers;

	private static PeerProcess process;

	private KafkaTestBroker() {
	}

	/** The broker's {@code host:port}, starting it on first use. */
	public static synchronized String bootstrapServers() {
		if (bootstrapServers == null) {
			try {
				process = PeerProcess.java(BrokerMain.class);
				bootstrapServers = process.await("ready", Duration.ofSeconds(60)).trim();
			}
			catch (Exception ex) {
				throw new IllegalStateException("The test broker did not start", ex);
			}
		}
		return bootstrapServers;
	}

	/** The broker's process, e.g. to stop it. */
	static synchronized PeerProcess process() {
		bootstrapServers();
		return process;
	}

	/** Options reaching the test broker, as the wiring fills them from spring.kafka.*. */
	public static KafkaOptions options() {
		return new KafkaOptions().clientProperties(Map.of("bootstrap.servers", bootstrapServers()));
	}

}
