package io.ipcstarter.transport.kafka;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * A consumer in a JVM of its own, to be killed mid-batch: a {@code kafka} inbound server
 * in the given group that prints {@code PEER:got <message>} for each message it has
 * handled and takes 20 ms per message, so a test can kill it with -9 between two commits.
 * Arguments: bootstrap servers, topic, group, records per poll.
 */
public final class SlowConsumerMain {

	private SlowConsumerMain() {
	}

	public static void main(String[] args) throws Exception {
		KafkaOptions options = new KafkaOptions();
		options.setGroupId(args[2]);
		options.clientProperties(Map.of("bootstrap.servers", args[0]));
		options.consumerProperties(consumerProperties(args[0], Integer.parseInt(args[3])));
		EndpointSpec spec = EndpointSpec.builder("slow", KafkaTransport.ID, Role.INBOUND, args[1])
			.option(KafkaOptions.class, options)
			.build();
		IpcServer server = new KafkaTransport().createServer(spec);
		server.start(new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				System.out.println(PeerProcess.SAID + "got " + new String(payload, StandardCharsets.UTF_8));
				System.out.flush();
				Thread.sleep(20);
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
				System.out.println(PeerProcess.SAID + "error " + reason.tag() + " " + cause);
			}

		});
		System.out.println(PeerProcess.SAID + "ready");
		System.out.flush();
		new CountDownLatch(1).await(); // until killed
	}

	/**
	 * A short session, so the group hands a killed member's partitions on within seconds
	 * rather than the default 45 s; a small batch per poll.
	 */
	static Map<String, Object> consumerProperties(String bootstrapServers, int maxPollRecords) {
		Map<String, Object> properties = new HashMap<>();
		properties.put("bootstrap.servers", bootstrapServers);
		properties.put("session.timeout.ms", "2000");
		properties.put("heartbeat.interval.ms", "500");
		properties.put("max.poll.records", Integer.toString(maxPollRecords));
		return properties;
	}

}
