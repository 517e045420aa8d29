package io.ipcstarter.transport.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import io.ipcstarter.testsupport.PeerProcess;

/**
 * A Kafka broker that can be killed and started again on the same data: a KRaft node
 * (broker and controller in one, Kafka's own {@code KafkaRaftServer}) whose log directory
 * and ports are fixed by its arguments, so a second start after a kill -9 finds the
 * topics, records and committed offsets the first left. Formats the directory on its
 * first start. Prints {@code PEER:ready <bootstrap servers>} once it answers an admin
 * client. Arguments: directory, broker port, controller port.
 * <p>
 * {@link BrokerMain} (spring-kafka-test's embedded broker) formats a new temporary
 * directory on every start, so it cannot be restarted with its data.
 */
public final class RestartableBrokerMain {

	private RestartableBrokerMain() {
	}

	public static void main(String[] args) throws Exception {
		Path dir = Path.of(args[0]);
		String servers = "127.0.0.1:" + args[1];
		Properties properties = properties(dir, args[1], args[2]);
		Path logs = dir.resolve("logs");
		if (!Files.exists(logs.resolve("meta.properties"))) {
			format(dir, properties);
		}
		KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
		server.startup();
		awaitAnswer(servers);
		System.out.println(PeerProcess.SAID + "ready " + servers);
		System.out.flush();
		server.awaitShutdown(); // until killed
	}

	private static Properties properties(Path dir, String port, String controllerPort) {
		Properties properties = new Properties();
		properties.putAll(Map.ofEntries(Map.entry("process.roles", "broker,controller"), Map.entry("node.id", "1"),
				Map.entry("controller.quorum.voters", "1@127.0.0.1:" + controllerPort),
				Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
				Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
				Map.entry("controller.listener.names", "CONTROLLER"),
				Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
				Map.entry("inter.broker.listener.name", "PLAINTEXT"),
				Map.entry("log.dirs", dir.resolve("logs").toString()),
				Map.entry("offsets.topic.replication.factor", "1"),
				Map.entry("transaction.state.log.replication.factor", "1"),
				Map.entry("transaction.state.log.min.isr", "1"),
				// as BrokerMain: a faster first commit, a group's first member at once,
				// short sessions allowed
				Map.entry("offsets.topic.num.partitions", "4"), Map.entry("group.initial.rebalance.delay.ms", "0"),
				Map.entry("group.min.session.timeout.ms", "1000")));
		return properties;
	}

	private static void format(Path dir, Properties properties) throws IOException {
		Path file = dir.resolve("server.properties");
		try (OutputStream out = Files.newOutputStream(file)) {
			properties.store(out, "RestartableBrokerMain");
		}
		int status = StorageTool.execute(
				new String[] { "format", "-t", Uuid.randomUuid().toString(), "-c", file.toString() },
				new PrintStream(System.err, true));
		if (status != 0) {
			throw new IllegalStateException("kafka-storage format of " + dir + " failed with " + status);
		}
	}

	private static void awaitAnswer(String servers) throws Exception {
		try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers))) {
			admin.describeCluster()
				.nodes()
				.get(Duration.ofSeconds(60).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
		}
	}

}
