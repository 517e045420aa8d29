package io.ipcstarter.transport.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;

import io.ipcstarter.autoconfigure.kafka.KafkaTransportAutoConfiguration;
import io.ipcstarter.crossprocess.PeerApplication;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kafka} across processes: the broker in one JVM ({@link KafkaTestBroker}), a
 * Spring Boot application in a second (the core's {@link PeerApplication} with this
 * module's auto-configuration), this test's in a third; and a consumer killed with -9 in
 * the middle of a batch, whose uncommitted messages the group hands to the next member.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class KafkaCrossProcessTests {

	private static final Duration WAIT = Duration.ofSeconds(45);

	@Test
	void twoSpringApplicationsInTwoJvmsTalkThroughTheBrokerWithEveryRole() throws Exception {
		String run = Long.toString(System.nanoTime(), 36);
		String requests = "requests-" + run;
		String oneWay = "oneway-" + run;
		try (PeerProcess peer = PeerProcess.java(PeerApplication.class,
				"--spring.main.sources=" + KafkaPeerConfiguration.class.getName(),
				"--spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers(), "--peer.expected=200",
				"--ipc.endpoints.peer-answer.transport=kafka", "--ipc.endpoints.peer-answer.role=inbound-gateway",
				"--ipc.endpoints.peer-answer.address=" + requests, "--ipc.endpoints.peer-answer.channel=echo",
				"--ipc.endpoints.peer-in.transport=kafka", "--ipc.endpoints.peer-in.role=inbound",
				"--ipc.endpoints.peer-in.address=" + oneWay, "--ipc.endpoints.peer-in.channel=sink")) {
			peer.await("READY", WAIT);
			IpcContextRunners.ipc()
				.withConfiguration(
						AutoConfigurations.of(KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class))
				.withPropertyValues("spring.kafka.bootstrap-servers=" + KafkaTestBroker.bootstrapServers())
				.withPropertyValues(
						KafkaEndpointAutoConfigurationTests.endpoint("ask", "outbound-gateway", requests, "ask"))
				.withPropertyValues(KafkaEndpointAutoConfigurationTests.endpoint("send", "outbound", oneWay, "out"))
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MessagingTemplate template = new MessagingTemplate();
					MessageChannel ask = context.getBean("ask", MessageChannel.class);
					for (int i = 0; i < 20; i++) {
						Message<?> reply = template.sendAndReceive(ask, new GenericMessage<>(bytes("q" + i)));
						assertThat(reply).as("reply " + i).isNotNull();
						assertThat(new String((byte[]) reply.getPayload(), StandardCharsets.UTF_8)).isEqualTo("q" + i);
					}
					MessageChannel out = context.getBean("out", MessageChannel.class);
					for (int i = 0; i < 200; i++) {
						out.send(new GenericMessage<>(bytes("m" + i)));
					}
					assertThat(peer.await("ORDER-OK", WAIT)).isEqualTo("200");
				});
		}
	}

	@Test
	void consumerKilledMidBatchHasItsUncommittedMessagesRedeliveredAndNoneLost() throws Exception {
		String run = Long.toString(System.nanoTime(), 36);
		String topic = "killed-" + run;
		String group = "killed-group-" + run;
		int sent = 300;
		int perPoll = 50;
		try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(
				EndpointSpec.builder("load", KafkaTransport.ID, Role.OUTBOUND, topic).build(),
				KafkaTestBroker.options())) {
			for (int i = 0; i < sent; i++) {
				producer.send(new ProducerRecord<>(topic, bytes("m" + i)));
			}
			producer.flush();
		}
		List<String> handledByTheKilled;
		try (PeerProcess consumer = PeerProcess.java(SlowConsumerMain.class, KafkaTestBroker.bootstrapServers(), topic,
				group, Integer.toString(perPoll))) {
			consumer.await("ready", WAIT);
			// past the first batch (committed) and into the second (not yet)
			for (int i = 0; i < perPoll + perPoll / 2; i++) {
				consumer.await("got", WAIT);
			}
			consumer.kill();
			handledByTheKilled = consumer.linesSoFar()
				.stream()
				.filter((line) -> line.startsWith(PeerProcess.SAID + "got "))
				.map((line) -> line.substring((PeerProcess.SAID + "got ").length()))
				.toList();
		}
		KafkaOptions options = KafkaTestBroker.options();
		options.setGroupId(group);
		options.consumerProperties(SlowConsumerMain.consumerProperties(KafkaTestBroker.bootstrapServers(), perPoll));
		RecordingListener listener = new RecordingListener();
		try (IpcServer next = new KafkaTransport()
			.createServer(EndpointSpec.builder("next", KafkaTransport.ID, Role.INBOUND, topic)
				.option(KafkaOptions.class, options)
				.build())) {
			next.start(listener);
			Set<String> seen = new HashSet<>(handledByTheKilled);
			Map<String, Integer> duplicates = new HashMap<>();
			long deadline = System.nanoTime() + WAIT.toNanos();
			while (seen.size() < sent && System.nanoTime() < deadline) {
				RecordingListener.Received received = listener.poll(Duration.ofMillis(500));
				if (received != null && !seen.add(received.text())) {
					duplicates.merge(received.text(), 1, Integer::sum);
				}
			}
			int lost = sent - seen.size();
			System.out.printf("kafka consumer killed mid-batch: sent %d, handled by the killed consumer %d, "
					+ "duplicated %d, lost %d%n", sent, handledByTheKilled.size(), duplicates.size(), lost);
			assertThat(lost).as("none lost").isZero();
			assertThat(handledByTheKilled).hasSizeGreaterThan(perPoll);
			assertThat(duplicates).as("what the killed consumer handled after its last commit comes again")
				.isNotEmpty();
			assertThat(duplicates.size()).as("at most one poll's records").isLessThanOrEqualTo(perPoll);
			assertThat(duplicates.values()).as("each once more").containsOnly(1);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
