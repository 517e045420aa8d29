package io.ipcstarter.transport.kafka;

import java.util.Map;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import io.ipcstarter.testsupport.PeerProcess;

/**
 * A Kafka broker in a JVM of its own: an embedded KRaft broker (controller and broker in
 * one, from {@code spring-kafka-test}) on a free loopback port. It prints
 * {@code PEER:ready <bootstrap servers>} once it serves, and stops when its standard
 * input ends (the test JVM closed it or died).
 */
public final class BrokerMain {

	private BrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
		broker.brokerProperties(Map.of(
				// a group's first member starts at once instead of after 3 s
				"group.initial.rebalance.delay.ms", "0",
				// fewer partitions of the offsets topic: a faster first commit
				"offsets.topic.num.partitions", "4", "auto.create.topics.enable", "true",
				// so that a test can give a killed consumer a short session
				"group.min.session.timeout.ms", "1000"));
		broker.afterPropertiesSet();
		System.out.println(PeerProcess.SAID + "ready " + broker.getBrokersAsString());
		System.out.flush();
		try {
			while (System.in.read() >= 0) {
				// until the test JVM closes our input or dies
			}
		}
		finally {
			broker.destroy();
		}
		System.exit(0);
	}

}
