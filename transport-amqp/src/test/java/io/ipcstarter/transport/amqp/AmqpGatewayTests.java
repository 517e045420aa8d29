package io.ipcstarter.transport.amqp;

import java.time.Duration;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static io.ipcstarter.transport.amqp.AmqpEndpointProperties.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code outbound-gateway} and {@code inbound-gateway} endpoints from YAML on the broker
 * of {@code spring.rabbitmq.*}: RabbitMQ's direct reply-to with a correlation id, between
 * two endpoints and with a python (pika) peer on either side; a failing handler fails its
 * caller at once with an error reply; a lost reply is a {@code timeout}, and the request
 * expires in the queue.
 */
class AmqpGatewayTests {

	private static int port;

	private ApplicationContextRunner runner;

	@BeforeAll
	static void startBroker() {
		port = RabbitTestBroker.get().port();
	}

	@BeforeEach
	void runner() {
		this.runner = IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Upper.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + port);
	}

	private static Object ask(org.springframework.context.ApplicationContext context, String channel, Object payload) {
		Message<?> reply = new MessagingTemplate().sendAndReceive(context.getBean(channel, MessageChannel.class),
				MessageBuilder.withPayload(payload).setHeader("tenant", "acme").build());
		return (reply != null) ? reply.getPayload() : null;
	}

	@Test
	void gatewaysAnswerThroughTheBrokerWithDirectReplyTo() {
		String queue = "ipc-gw-" + UUID.randomUUID();
		this.runner.withPropertyValues(endpoint("ask", "outbound-gateway", queue, "ask", "headers=json"))
			.withPropertyValues(endpoint("answer", "inbound-gateway", queue, "upper", "headers=json"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(ask(context, "ask", "hello")).isEqualTo("HELLO for acme");
				assertThat(ask(context, "ask", "again")).isEqualTo("AGAIN for acme");
			});
	}

	@Test
	void aFailingHandlerFailsTheCallerAtOnceWithItsReason() {
		String queue = "ipc-gw-" + UUID.randomUUID();
		this.runner
			.withPropertyValues(endpoint("ask", "outbound-gateway", queue, "ask", "reply-timeout=8s", "headers=json"))
			.withPropertyValues(endpoint("answer", "inbound-gateway", queue, "upper", "headers=json"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long start = System.nanoTime();
				Throwable thrown = catchThrowable(() -> ask(context, "ask", "boom"));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not after reply-timeout")
					.isLessThan(Duration.ofSeconds(5));
				assertThat(thrown).hasStackTraceContaining("failed the request: handler:")
					.hasStackTraceContaining("no boom here");
				assertThat(ask(context, "ask", "fine")).isEqualTo("FINE for acme");
			});
	}

	@Test
	void aLostReplyIsATimeoutAndTheUnansweredRequestExpires() throws Exception {
		String queue = "ipc-gw-" + UUID.randomUUID();
		this.runner.withPropertyValues(endpoint("ask", "outbound-gateway", queue, "ask", "reply-timeout=500ms"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Throwable thrown = catchThrowable(() -> ask(context, "ask", "anyone?"));
				assertThat(thrown).hasStackTraceContaining("reply-timeout");
			});
		try (Connection connection = connect(); Channel channel = connection.createChannel()) {
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(channel.messageCount(queue)).as("expired, not waiting").isZero());
			assertThat(channel.messageCount(queue + ".dlq")).as("dead-lettered as expired").isEqualTo(1);
		}
	}

	@Test
	void aPythonPeerAsksTheInboundGateway() {
		String queue = "ipc-gw-" + UUID.randomUUID();
		this.runner.withPropertyValues(endpoint("answer", "inbound-gateway", queue, "upper")).run((context) -> {
			assertThat(context).hasNotFailed();
			try (PeerProcess python = AmqpPeers.start(port, "request", queue, "from python")) {
				assertThat(python.awaitLine(PeerProcess.SAID, Duration.ofSeconds(30)))
					.isEqualTo(PeerProcess.SAID + "FROM PYTHON for null");
			}
			try (PeerProcess python = AmqpPeers.start(port, "request", queue, "boom")) {
				assertThat(python.awaitLine(PeerProcess.SAID, Duration.ofSeconds(30)))
					.startsWith(PeerProcess.SAID + "error handler: ");
			}
		});
	}

	@Test
	void theOutboundGatewayAsksAPythonServer() {
		String queue = "ipc-gw-" + UUID.randomUUID();
		this.runner.withPropertyValues(endpoint("ask", "outbound-gateway", queue, "ask")).run((context) -> {
			assertThat(context).hasNotFailed();
			try (PeerProcess python = AmqpPeers.start(port, "serve", queue, "2")) {
				assertThat(ask(context, "ask", "one")).isEqualTo("py:one");
				assertThat(ask(context, "ask", "two")).isEqualTo("py:two");
				python.awaitLine(PeerProcess.SAID + "served", Duration.ofSeconds(30));
			}
		});
	}

	private static Connection connect() throws Exception {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(port);
		return factory.newConnection();
	}

	/** The inbound gateways' flow: upper case, naming the caller's tenant header. */
	static class Upper {

		@ServiceActivator(inputChannel = "upper")
		public String upper(String payload, @org.springframework.messaging.handler.annotation.Header(name = "tenant",
				required = false) String tenant) {
			if (payload.equals("boom")) {
				throw new IllegalStateException("no boom here");
			}
			return payload.toUpperCase() + " for " + tenant;
		}

	}

}
