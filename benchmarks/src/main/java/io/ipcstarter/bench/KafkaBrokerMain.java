package io.ipcstarter.bench;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The broker of the {@code kafka} rows, in a JVM of its own that {@code run.sh} starts
 * when a kafka row is selected: an embedded KRaft broker (controller and broker in one,
 * one node, from {@code spring-kafka-test}) on a free loopback port. Prints
 * {@code ready <bootstrap servers>} once it serves; stops when its standard input ends.
 * One node on the same machine: the rows measure what the starter and the client add
 * around a broker round trip over loopback, not a production cluster.
 */
public final class KafkaBrokerMain {

	private KafkaBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of("group.initial.rebalance.delay.ms", "0", "offsets.topic.num.partitions", "4"));
		broker.afterPropertiesSet();
		System.out.println("ready " + broker.getBrokersAsString());
		System.out.flush();
		try {
			while (System.in.read() >= 0) {
				// until run.sh closes our input or exits
			}
		}
		finally {
			broker.destroy();
		}
		System.exit(0);
	}

}
