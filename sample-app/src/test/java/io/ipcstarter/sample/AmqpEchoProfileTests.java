package io.ipcstarter.sample;

import org.junit.jupiter.api.BeforeAll;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.ipcstarter.transport.amqp.RabbitTestBroker;

/**
 * {@link BrokerEchoProfileTests} on RabbitMQ: profile {@code amqp}, against the amqp
 * module's test broker (Debian's {@code rabbitmq-server} as a plain process; skipped,
 * saying so, where it is not installed). Only {@code spring.rabbitmq.port} and the socket
 * paths are the test's.
 */
@SpringBootTest
@ActiveProfiles("amqp")
class AmqpEchoProfileTests extends BrokerEchoProfileTests {

	private static int port;

	@BeforeAll
	static void broker() {
		port = RabbitTestBroker.get().port();
	}

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		SampleAddresses.movedTo(dir, "amqp").forEach((name, address) -> registry.add(name, () -> address));
		registry.add("spring.rabbitmq.port", () -> port);
	}

	@Override
	String transport() {
		return "amqp";
	}

}
