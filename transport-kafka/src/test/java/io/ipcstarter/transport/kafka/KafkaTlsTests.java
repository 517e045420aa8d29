package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.kafka.KafkaTransportAutoConfiguration;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestCertificates;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static io.ipcstarter.testsupport.TestCertificates.CA;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT;
import static io.ipcstarter.testsupport.TestCertificates.CLIENT_KEY;
import static io.ipcstarter.testsupport.TestCertificates.OTHER_CA;
import static io.ipcstarter.transport.kafka.KafkaEndpointAutoConfigurationTests.endpoint;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@code kafka} endpoints over TLS to a KRaft broker ({@link RestartableBrokerMain}, a
 * JVM of this class's own) whose only client listener is {@code SSL://} and which
 * requires a client certificate, configured only through Spring Boot's keys
 * ({@code spring.kafka.security.protocol=SSL}, {@code spring.kafka.ssl.bundle} and a PEM
 * bundle under {@code spring.ssl.bundle.pem.*}) with certificates made by the test
 * ({@link TestCertificates}): one-way messages and a gateway round trip cross, a
 * plain-text client gets no answer from the port, and a client that does not trust the
 * broker's CA fails its send with {@code peer-rejected}, naming the TLS failure, before
 * {@code send-timeout}.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class KafkaTlsTests {

	private static PeerProcess broker;

	private static String servers;

	private static Path dir;

	@BeforeAll
	static void startBroker() throws Exception {
		dir = Files.createTempDirectory("ipc-kafka-tls-");
		broker = PeerProcess.java(RestartableBrokerMain.class, dir.toString(), freePort(), freePort(),
				TestCertificates.directory().toString());
		servers = broker.await("ready", Duration.ofSeconds(90)).trim();
	}

	@AfterAll
	static void stopBroker() throws Exception {
		if (broker != null) {
			broker.close();
		}
		try (var paths = Files.walk(dir)) {
			paths.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
		}
	}

	private static ApplicationContextRunner runner(String trusted) {
		String bundle = "spring.ssl.bundle.pem.broker.";
		return io.ipcstarter.testsupport.IpcContextRunners.ipc()
			.withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, KafkaAutoConfiguration.class,
					KafkaTransportAutoConfiguration.class))
			.withUserConfiguration(KafkaEndpointAutoConfigurationTests.QueueConfiguration.class,
					KafkaEndpointAutoConfigurationTests.UpperCase.class)
			.withPropertyValues("spring.kafka.bootstrap-servers=" + servers, "spring.kafka.security.protocol=SSL",
					"spring.kafka.ssl.bundle=broker",
					bundle + "keystore.certificate=" + TestCertificates.location(CLIENT),
					bundle + "keystore.private-key=" + TestCertificates.location(CLIENT_KEY),
					bundle + "truststore.certificate=" + TestCertificates.location(trusted));
	}

	@Test
	void endpointsExchangeMessagesAndRepliesOverMutualTls() {
		String topic = "tls-" + System.nanoTime();
		runner(CA).withPropertyValues(endpoint("send", "outbound", topic, "toKafka"))
			.withPropertyValues(endpoint("receive", "inbound", topic, "received"))
			.withPropertyValues(endpoint("ask", "outbound-gateway", topic + "-rpc", "ask"))
			.withPropertyValues(endpoint("answer", "inbound-gateway", topic + "-rpc", "toUpper"))
			.withPropertyValues("ipc.defaults.payload-type=text")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel toKafka = context.getBean("toKafka", MessageChannel.class);
				QueueChannel received = context.getBean("received", QueueChannel.class);
				List<Object> got = new ArrayList<>();
				for (String payload : new String[] { "one", "two", "three" }) {
					toKafka.send(MessageBuilder.withPayload(payload).build());
				}
				for (int i = 0; i < 3; i++) {
					Message<?> message = received.receive(30_000);
					assertThat(message).as("message %d", i).isNotNull();
					got.add(message.getPayload());
				}
				assertThat(got).containsExactly("one", "two", "three");
				Message<?> reply = new MessagingTemplate().sendAndReceive(context.getBean("ask", MessageChannel.class),
						MessageBuilder.withPayload("round trip").build());
				assertThat(reply).isNotNull();
				assertThat(reply.getPayload()).isEqualTo("ROUND TRIP");
			});
	}

	@Test
	void aPlainTextClientGetsNoAnswerFromTheTlsListener() {
		try (Admin admin = Admin.create(
				Map.of("bootstrap.servers", servers, "request.timeout.ms", "2000", "default.api.timeout.ms", "3000"))) {
			Throwable thrown = catchThrowable(() -> admin.describeCluster().nodes().get(10, TimeUnit.SECONDS));
			assertThat(thrown).as("no cluster for a client that does not speak TLS").isNotNull();
		}
	}

	@Test
	void aBrokerCertificateFromAnotherCaFailsTheSendAtOnceNamingTheTlsFailure() {
		// create-topics on: the admin client meets the refusal; off: the producer does
		runner(OTHER_CA).withPropertyValues(endpoint("send", "outbound", "tls-wrong-ca", "toKafka"))
			.withPropertyValues(endpoint("plain", "outbound", "tls-wrong-ca", "toKafkaPlain"))
			.withPropertyValues("ipc.defaults.send-timeout=8s", "ipc.endpoints.plain.kafka.create-topics=false")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				for (String channel : new String[] { "toKafka", "toKafkaPlain" }) {
					long start = System.nanoTime();
					Throwable thrown = catchThrowable(() -> context.getBean(channel, MessageChannel.class)
						.send(MessageBuilder.withPayload("never").build()));
					Duration took = Duration.ofNanos(System.nanoTime() - start);
					System.out.println("kafka wrong CA (" + channel + "): send failed after " + took.toMillis()
							+ " ms: " + thrown);
					assertThat(IpcException.reasonOf(thrown)).as(channel).isEqualTo(ErrorReason.PEER_REJECTED);
					assertThat(thrown).hasStackTraceContaining("SSL handshake failed")
						.hasStackTraceContaining("could not authenticate with the broker");
					assertThat(took).as("before send-timeout").isLessThan(Duration.ofSeconds(7));
				}
			});
	}

	private static String freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return Integer.toString(socket.getLocalPort());
		}
	}

}
