package io.ipcstarter.transport.amqp;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestCertificates;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static io.ipcstarter.testsupport.TestCertificates.CA;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT_KEY;
import static io.ipcstarter.testsupport.TestCertificates.OTHER_CA;
import static io.ipcstarter.transport.amqp.AmqpEndpointProperties.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code amqp} endpoints over TLS to the test broker's AMQPS listener, configured only
 * through Spring Boot's keys ({@code spring.rabbitmq.ssl.enabled}/{@code bundle} and a
 * PEM bundle under {@code spring.ssl.bundle.pem.*}), with certificates made by the test
 * ({@link TestCertificates}) and the broker requiring a client certificate: one-way
 * messages and a gateway round trip cross, and the broker's own connection list shows the
 * endpoints' connections over TLS 1.3 with the client certificate; a client that does not
 * trust the broker's CA fails start-up, and its sends, at once with {@code peer-rejected}
 * naming the TLS failure and the bundle key; one without a client certificate fails
 * start-up, naming the broker.
 */
class AmqpTlsTests {

	private static RabbitTestBroker broker;

	private ApplicationContextRunner runner;

	@BeforeAll
	static void startBroker() {
		broker = RabbitTestBroker.get();
	}

	@BeforeEach
	void runner() {
		this.runner = IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, RabbitAutoConfiguration.class,
					IpcAmqpAutoConfiguration.class))
			.withUserConfiguration(Flows.class)
			.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + broker.tlsPort(),
					"spring.rabbitmq.ssl.enabled=true", "spring.rabbitmq.ssl.bundle=broker");
	}

	/**
	 * The PEM bundle {@code broker}: this client certificate and key, trusting this CA.
	 */
	private static String[] bundle(String certificate, String key, String trusted) {
		String prefix = "spring.ssl.bundle.pem.broker.";
		List<String> keys = new java.util.ArrayList<>();
		if (certificate != null) {
			keys.add(prefix + "keystore.certificate=" + TestCertificates.location(certificate));
			keys.add(prefix + "keystore.private-key=" + TestCertificates.location(key));
		}
		keys.add(prefix + "truststore.certificate=" + TestCertificates.location(trusted));
		return keys.toArray(String[]::new);
	}

	@Test
	void endpointsExchangeMessagesAndRepliesOverMutualTls() {
		String queue = "ipc-tls-" + UUID.randomUUID();
		String id = UUID.randomUUID().toString().substring(0, 8);
		this.runner.withPropertyValues(bundle(CLIENT, CLIENT_KEY, CA))
			.withPropertyValues(endpoint("tls-out-" + id, "outbound", queue, "toBroker"))
			.withPropertyValues(endpoint("tls-in-" + id, "inbound", queue, "received"))
			.withPropertyValues(endpoint("tls-ask-" + id, "outbound-gateway", queue + ".rpc", "ask"))
			.withPropertyValues(endpoint("tls-answer-" + id, "inbound-gateway", queue + ".rpc", "upper"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel toBroker = context.getBean("toBroker", MessageChannel.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				for (String payload : new String[] { "one", "two", "three" }) {
					toBroker.send(MessageBuilder.withPayload(payload).build());
					Message<?> message = received.receive(10_000);
					assertThat(message).as(payload).isNotNull();
					assertThat(message.getPayload()).isEqualTo(payload);
				}
				Message<?> reply = new MessagingTemplate().sendAndReceive(context.getBean("ask", MessageChannel.class),
						MessageBuilder.withPayload("round trip").build());
				assertThat(reply).isNotNull();
				assertThat(reply.getPayload()).isEqualTo("ROUND TRIP");
				// the broker's word that these bytes went over TLS: every connection of
				// this context (client-named ipc-<endpoint>) is a TLS 1.3 one, with the
				// client certificate
				List<String> all = broker.connections("ssl", "ssl_protocol", "peer_cert_subject", "client_properties");
				List<String> ours = all.stream().filter((line) -> line.contains(id)).toList();
				System.out.println("rabbitmqctl list_connections, this test's: " + ours);
				assertThat(ours).as("the endpoints' connections in rabbitmqctl list_connections")
					.anySatisfy((line) -> assertThat(line).contains("\"ipc-tls-out-" + id + "\""))
					.anySatisfy((line) -> assertThat(line).contains("\"ipc-tls-in-" + id + "\""))
					.anySatisfy((line) -> assertThat(line).contains("\"ipc-tls-ask-" + id + "\""))
					.anySatisfy((line) -> assertThat(line).contains("\"ipc-tls-answer-" + id + "\""))
					.allSatisfy((line) -> assertThat(line).startsWith("true\ttlsv1.3\tCN=client\t"));
			});
	}

	@Test
	void aBrokerCertificateFromAnotherCaFailsStartUpAndSendsNamingTheTlsFailure() {
		String queue = "ipc-tls-" + UUID.randomUUID();
		long start = System.nanoTime();
		this.runner.withPropertyValues(bundle(CLIENT, CLIENT_KEY, OTHER_CA))
			.withPropertyValues(endpoint("tls-in", "inbound", queue, "received"))
			.run((context) -> {
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("TLS handshake with the broker at amqps://127.0.0.1:" + broker.tlsPort())
					.hasStackTraceContaining("PKIX path building failed")
					.hasStackTraceContaining("spring.rabbitmq.ssl.bundle");
				System.out.println("wrong CA, inbound start-up failed after " + took.toMillis() + " ms: "
						+ context.getStartupFailure());
			});
		this.runner.withPropertyValues(bundle(CLIENT, CLIENT_KEY, OTHER_CA))
			.withPropertyValues(endpoint("tls-out", "outbound", queue, "toBroker", "send-timeout=8s"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				long sent = System.nanoTime();
				Throwable thrown = catchThrowable(() -> context.getBean("toBroker", MessageChannel.class)
					.send(MessageBuilder.withPayload("never").build()));
				Duration took = Duration.ofNanos(System.nanoTime() - sent);
				System.out.println("wrong CA, send failed after " + took.toMillis() + " ms: " + thrown);
				assertThat(IpcException.reasonOf(thrown)).isEqualTo(ErrorReason.PEER_REJECTED);
				assertThat(thrown).hasStackTraceContaining("PKIX path building failed");
				assertThat(took).as("at once, not after send-timeout").isLessThan(Duration.ofSeconds(4));
			});
	}

	@Test
	void aClientWithoutACertificateIsRefusedByTheBroker() {
		String queue = "ipc-tls-" + UUID.randomUUID();
		long start = System.nanoTime();
		this.runner.withPropertyValues(bundle(null, null, CA))
			.withPropertyValues(endpoint("tls-in", "inbound", queue, "received"))
			.run((context) -> {
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("the broker at amqps://127.0.0.1:" + broker.tlsPort());
				// the broker's TLS 1.3 alert (peer-rejected), or, when its close wins the
				// race with the alert, the reset (io)
				java.io.StringWriter trace = new java.io.StringWriter();
				context.getStartupFailure().printStackTrace(new java.io.PrintWriter(trace));
				assertThat(trace.toString()).containsAnyOf("certificate_required", "Connection reset", "Broken pipe");
				System.out.println("no client certificate, inbound start-up failed after " + took.toMillis() + " ms: "
						+ context.getStartupFailure());
			});
	}

	/** The channels and the inbound gateway's flow. */
	@Configuration(proxyBeanMethods = false)
	static class Flows {

		@Bean
		QueueChannel received() {
			return new QueueChannel();
		}

		@ServiceActivator(inputChannel = "upper")
		public String upper(String payload) {
			return payload.toUpperCase();
		}

	}

}
