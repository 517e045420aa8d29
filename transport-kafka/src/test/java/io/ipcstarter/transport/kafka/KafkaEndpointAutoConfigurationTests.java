package io.ipcstarter.transport.kafka;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.kafka.KafkaTransportAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code kafka} transport through YAML-declared Spring Integration endpoints, the
 * broker connection taken from Spring Boot's {@code spring.kafka.*}; the broker runs in a
 * JVM of its own ({@link KafkaTestBroker}).
 */
class KafkaEndpointAutoConfigurationTests {

	private static final AtomicInteger topics = new AtomicInteger();

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
		.withUserConfiguration(QueueConfiguration.class)
		.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers());

	private static String topic() {
		return "endpoint-" + System.nanoTime() + "-" + topics.incrementAndGet();
	}

	@Test
	void outboundAndInboundEndpointsCarryMessagesAndHeadersThroughTheBroker() {
		String topic = topic();
		this.runner.withPropertyValues(endpoint("send", "outbound", topic, "toKafka"))
			.withPropertyValues(endpoint("receive", "inbound", topic, "received"))
			.withPropertyValues("ipc.defaults.headers=json", "ipc.endpoints.receive.payload-type=text")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("toKafka", MessageChannel.class)
					.send(MessageBuilder.withPayload("hello broker").setHeader("orderId", "42").build());
				Message<?> message = context.getBean("received", QueueChannel.class).receive(20_000);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("hello broker");
				assertThat(message.getHeaders()).containsEntry("orderId", "42")
					.containsEntry(IpcHeaders.TRANSPORT, "kafka")
					.containsEntry(IpcHeaders.ENDPOINT, "receive")
					.containsEntry(IpcHeaders.PREFIX + "topic", topic)
					.containsEntry(IpcHeaders.PREFIX + "partition", 0);
				assertThat((String) message.getHeaders().get(IpcHeaders.PEER)).isEqualTo("kafka:" + topic + "-0");
			});
	}

	@Test
	void gatewaysAskAndAnswerThroughTheBroker() {
		String topic = topic();
		this.runner.withUserConfiguration(UpperCase.class)
			.withPropertyValues(endpoint("ask", "outbound-gateway", topic, "ask"))
			.withPropertyValues(endpoint("answer", "inbound-gateway", topic, "toUpper"))
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.defaults.headers=json")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessagingTemplate template = new MessagingTemplate();
				MessageChannel ask = context.getBean("ask", MessageChannel.class);
				for (int i = 0; i < 5; i++) {
					Message<?> reply = template.sendAndReceive(ask,
							MessageBuilder.withPayload("request " + i).setHeader("tenant", "acme").build());
					assertThat(reply).isNotNull();
					assertThat(reply.getPayload()).isEqualTo("REQUEST " + i);
					assertThat(reply.getHeaders()).containsEntry("tenant", "acme");
				}
			});
	}

	@Test
	void aLostReplyIsATimeout() {
		this.runner.withPropertyValues(endpoint("ask", "outbound-gateway", topic(), "ask"))
			.withPropertyValues("ipc.endpoints.ask.reply-timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel ask = context.getBean("ask", MessageChannel.class);
				assertThatThrownBy(() -> new MessagingTemplate().sendAndReceive(ask, new GenericMessage<>(new byte[1])))
					.isInstanceOfSatisfying(IpcMessagingException.class,
							(ex) -> assertThat(ex.getReason()).isEqualTo(ErrorReason.TIMEOUT))
					.hasMessageContaining("reply-timeout");
			});
	}

	@Test
	void theBrokerConnectionComesFromSpringKafkaProperties() {
		this.runner.withPropertyValues(endpoint("send", "outbound", topic(), "toKafka"))
			.withPropertyValues("spring.kafka.producer.properties.linger.ms=7", "ipc.endpoints.send.auto-startup=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KafkaOptions options = context.getBean("ipc.send.handler", IpcEndpoint.class)
					.getSpec()
					.option(KafkaOptions.class);
				assertThat(options.producerProperties()).containsEntry("linger.ms", "7");
				assertThat(options.producerProperties().get("bootstrap.servers").toString())
					.contains(KafkaTestBroker.bootstrapServers());
				assertThat(options.consumerProperties().get("bootstrap.servers").toString())
					.contains(KafkaTestBroker.bootstrapServers());
			});
	}

	@Test
	void kafkaKeysBindUnderTheEndpointAndFromDefaults() {
		this.runner.withPropertyValues(endpoint("orders", "inbound", "orders", "received"))
			.withPropertyValues("ipc.endpoints.orders.auto-startup=false",
					"ipc.endpoints.orders.kafka.group-id=billing",
					"ipc.endpoints.orders.kafka.dead-letter-topic=orders.failed",
					"ipc.endpoints.orders.kafka.max-attempts=5", "ipc.defaults.kafka.retry-interval=2s",
					"ipc.defaults.kafka.create-topics=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KafkaOptions options = context.getBean("ipc.orders", IpcEndpoint.class)
					.getSpec()
					.option(KafkaOptions.class);
				assertThat(options.getGroupId()).isEqualTo("billing");
				assertThat(options.getDeadLetterTopic()).isEqualTo("orders.failed");
				assertThat(options.getMaxAttempts()).isEqualTo(5);
				assertThat(options.getRetryInterval()).hasSeconds(2);
				assertThat(options.isCreateTopics()).isFalse();
			});
	}

	@Test
	void badKafkaValueFailsStartUpNamingTheProperty() {
		this.runner.withPropertyValues(endpoint("orders", "inbound", "orders", "received"))
			.withPropertyValues("ipc.endpoints.orders.kafka.max-attempts=0")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.orders.kafka.max-attempts"));
	}

	@Test
	void topicNameKafkaRefusesFailsStartUpNamingTheAddress() {
		this.runner.withPropertyValues(endpoint("orders", "inbound", "orders/eu", "received"))
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.orders.address"));
	}

	static String[] endpoint(String name, String role, String topic, String channel) {
		String prefix = "ipc.endpoints." + name + ".";
		return new String[] { prefix + "transport=kafka", prefix + "role=" + role, prefix + "address=" + topic,
				prefix + "channel=" + channel };
	}

	@Configuration(proxyBeanMethods = false)
	static class UpperCase {

		@ServiceActivator(inputChannel = "toUpper")
		public String upperCase(String payload) {
			return payload.toUpperCase(java.util.Locale.ROOT);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class QueueConfiguration {

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

	}

}
