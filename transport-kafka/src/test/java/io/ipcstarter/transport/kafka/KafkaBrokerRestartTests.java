package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker killed with -9 in the middle of a stream and started again on the same data
 * ({@link RestartableBrokerMain}, a JVM of this test's own), between a sender in this JVM
 * and a consumer in another ({@link SlowConsumerMain}). The sender sends
 * {@code m0 ... m(N-1)} one after the other, each waiting for the broker's
 * acknowledgement, and sends a message again when its send fails, as an application that
 * must not lose it would; the broker is killed once a third has been acknowledged and
 * started again at once. Counted: sends that failed (reason and time), records on the
 * topic, messages the consumer handled, duplicated and lost.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class KafkaBrokerRestartTests {

	private static final Duration START = Duration.ofSeconds(90);

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	@TempDir
	Path dir;

	@Test
	void brokerKilledAndRestartedMidStreamLosesNoAcknowledgedMessage() throws Exception {
		int sent = 150;
		int perPoll = 20;
		String port = freePort();
		String controllerPort = freePort();
		String topic = "restart-" + Long.toString(System.nanoTime(), 36);
		PeerProcess broker = startBroker(port, controllerPort);
		String servers = broker.await("ready", START);
		List<Failure> failures = new ArrayList<>();
		PeerProcess restarted = null;
		KafkaOptions options = new KafkaOptions().clientProperties(Map.of("bootstrap.servers", servers));
		try (IpcClient sender = new KafkaTransport()
			.createClient(EndpointSpec.builder("sender", KafkaTransport.ID, Role.OUTBOUND, topic)
				.sendTimeout(SEND_TIMEOUT)
				.option(KafkaOptions.class, options)
				.build());
				PeerProcess consumer = PeerProcess.java(SlowConsumerMain.class, servers, topic, "restart-group",
						Integer.toString(perPoll))) {
			consumer.await("ready", START);
			CompletableFuture<PeerProcess> again = null;
			for (int i = 0; i < sent; i++) {
				sendUntilAcknowledged(sender, "m" + i, failures);
				if (i == sent / 3) {
					broker.kill();
					again = CompletableFuture.supplyAsync(() -> startQuietly(port, controllerPort));
				}
			}
			sendUntilAcknowledged(sender, "end", failures);
			restarted = again.join();
			restarted.await("ready", START);
			// one partition: everything before "end" has been handled once it is
			consumer.awaitLineEqualTo(PeerProcess.SAID + "got end", START);
			Map<String, Integer> handled = new HashMap<>();
			consumer.linesSoFar()
				.stream()
				.filter((line) -> line.startsWith(PeerProcess.SAID + "got m"))
				.forEach(
						(line) -> handled.merge(line.substring((PeerProcess.SAID + "got ").length()), 1, Integer::sum));
			Map<String, Integer> copies = recordsOnTopic(servers, topic);
			copies.remove("end");
			int onTopic = copies.values().stream().mapToInt(Integer::intValue).sum();
			int deliveries = handled.values().stream().mapToInt(Integer::intValue).sum();
			int lost = sent - handled.size();
			System.out.printf(
					"kafka broker killed and restarted mid-stream: sent %d (acknowledged), failed sends %d %s, "
							+ "records on the topic %d, handled %d times, distinct %d, duplicated %d, lost %d%n",
					sent, failures.size(), failures, onTopic, deliveries, handled.size(), deliveries - handled.size(),
					lost);
			assertThat(lost).as("every acknowledged message handled").isZero();
			assertThat(handled.keySet()).as("nothing but what was sent").allMatch((m) -> m.matches("m\\d+"));
			assertThat(failures).as("sends while the broker was away failed").isNotEmpty();
			assertThat(failures).allSatisfy((failure) -> {
				assertThat(failure.reason()).isEqualTo(ErrorReason.TIMEOUT);
				assertThat(failure.message()).contains("within send-timeout 2s");
				assertThat(failure.took()).isGreaterThanOrEqualTo(SEND_TIMEOUT.minusMillis(50))
					.isLessThan(SEND_TIMEOUT.plusSeconds(5));
			});
			// a timed-out send may still be written by the producer's own retries once
			// the broker is back: at most one extra copy per failed send
			assertThat(onTopic - sent).as("copies written twice").isBetween(0, failures.size());
			// the consumer hands again what it handled after the last commit the broker
			// took (while it was away, commits fail): each record once more at most
			assertThat(handled).as("handlings of each message, at most twice its copies on the topic")
				.allSatisfy((message, times) -> assertThat(times).isBetween(1, 2 * copies.get(message)));
		}
		finally {
			broker.close();
			if (restarted != null) {
				restarted.close();
			}
		}
	}

	private static void sendUntilAcknowledged(IpcClient sender, String text, List<Failure> failures) {
		while (true) {
			long start = System.nanoTime();
			try {
				sender.send(text.getBytes(StandardCharsets.UTF_8));
				return;
			}
			catch (IOException ex) {
				failures.add(new Failure(IpcException.reasonOf(ex), Duration.ofNanos(System.nanoTime() - start),
						String.valueOf(ex.getMessage())));
				if (failures.size() > 100) {
					throw new AssertionError("The broker did not come back", ex);
				}
			}
		}
	}

	private PeerProcess startBroker(String port, String controllerPort) throws IOException {
		return PeerProcess.java(RestartableBrokerMain.class, this.dir.toString(), port, controllerPort);
	}

	private PeerProcess startQuietly(String port, String controllerPort) {
		try {
			return startBroker(port, controllerPort);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Every record of the topic, read from its beginning without a group: the copies of
	 * each message.
	 */
	private static Map<String, Integer> recordsOnTopic(String servers, String topic) {
		Map<String, Object> config = Map.of("bootstrap.servers", servers, "key.deserializer",
				org.apache.kafka.common.serialization.ByteArrayDeserializer.class, "value.deserializer",
				org.apache.kafka.common.serialization.ByteArrayDeserializer.class);
		try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(config)) {
			TopicPartition partition = new TopicPartition(topic, 0);
			reader.assign(List.of(partition));
			reader.seekToBeginning(List.of(partition));
			long end = reader.endOffsets(List.of(partition)).get(partition);
			Map<String, Integer> copies = new HashMap<>();
			long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
			while (reader.position(partition) < end && System.nanoTime() < deadline) {
				for (ConsumerRecord<byte[], byte[]> record : reader.poll(Duration.ofMillis(200))) {
					copies.merge(new String(record.value(), StandardCharsets.UTF_8), 1, Integer::sum);
				}
			}
			return copies;
		}
	}

	private static String freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return Integer.toString(socket.getLocalPort());
		}
	}

	private record Failure(ErrorReason reason, Duration took, String message) {

		@Override
		public String toString() {
			return this.reason.tag() + " after " + this.took.toMillis() + " ms";
		}

	}

}
