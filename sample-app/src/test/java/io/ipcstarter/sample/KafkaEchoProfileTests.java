package io.ipcstarter.sample;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link BrokerEchoProfileTests} on Kafka: profile {@code kafka}, against an embedded
 * KRaft broker of {@code spring-kafka-test} (in this JVM, reached over loopback TCP like
 * any broker). Only {@code spring.kafka.bootstrap-servers} and the socket paths are the
 * test's.
 */
@SpringBootTest(properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@ActiveProfiles("kafka")
// a group's first member at once, and a small offsets topic for a faster first commit, as
// transport-kafka's test broker
@EmbeddedKafka(partitions = 1,
		brokerProperties = { "group.initial.rebalance.delay.ms=0", "offsets.topic.num.partitions=4" })
class KafkaEchoProfileTests extends BrokerEchoProfileTests {

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		SampleAddresses.movedTo(dir, "kafka").forEach((name, address) -> registry.add(name, () -> address));
	}

	@Override
	String transport() {
		return "kafka";
	}

}
