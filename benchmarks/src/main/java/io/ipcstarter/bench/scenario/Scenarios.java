package io.ipcstarter.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.ipcstarter.bench.Scenario;

/**
 * Every row of the benchmark, grouped by transport: raw baseline, our SPI, the full
 * starter, then the peers.
 * <p>
 * Adding a transport's rows is one {@link TransportRows} entry in {@link #TRANSPORTS}
 * (its id, how to make an address, and its variants); its raw baseline and peers, if it
 * has any, go in {@link #baselines} and {@link #peers}. A transport that is not on the
 * class path is still listed, and skipped at run time with a note.
 */
public final class Scenarios {

	/**
	 * Our transports, by id; looked up with {@code Transports.find} when the benchmark
	 * runs.
	 */
	static final List<TransportRows> TRANSPORTS = List.of(
			// plain and acknowledged delivery (one-way rows only differ; issue 20, 2b)
			new TransportRows("unix-socket", (a, name) -> a.path(name + ".sock"),
					Map.of("", Map.of(), "acknowledged", Map.of(TransportRows.DELIVERY, "acknowledged"))),
			// and over TLS (tcp.ssl.bundle), to show what encryption costs next to plain
			// tcp
			new TransportRows("tcp", (a, name) -> a.tcp(),
					Map.of("", Map.of(), "tls", Map.of("tcp.ssl.bundle", BenchTls.BUNDLE))),
			// capacity as the raw ring's and Aeron's terms (16 MiB); idle strategy as a
			// dimension, as theirs
			new TransportRows("shared-memory", (a, name) -> a.path(name + ".ring"), Map.of("busy-spin",
					Map.of("shared-memory.idle-strategy", "busy-spin", "shared-memory.capacity", "16MB"), "backoff",
					Map.of("shared-memory.idle-strategy", "backoff", "shared-memory.capacity", "16MB"))),
			// datagram transports: 64 B and 4 KiB only (udp carries at most 65,507 bytes,
			// a message queue the kernel's msgsize_max, 8192 unless raised); message
			// queues have no gateway roles, so no round trip
			TransportRows.datagrams("udp", (a, name) -> a.udp(), 65_507, true),
			TransportRows.datagrams("message-queue", (a, name) -> a.messageQueue(name), 8192, false),
			// a broker on 127.0.0.1:5672 (run.sh starts one); a queue name of its own per
			// pair, since queues outlive the pair
			TransportRows.defaults("amqp", (a, name) -> "bench-" + name + "-" + java.util.UUID.randomUUID()),
			// a topic per run and name on the broker run.sh starts
			// (SPRING_KAFKA_BOOTSTRAP_SERVERS); up to the
			// broker's default message.max.bytes (1 MiB less room for the record's own
			// overhead)
			new TransportRows("kafka", (a, name) -> a.dir().getFileName() + "-" + name, Map.of("", Map.of()), 1_000_000,
					true));

	/**
	 * Rows a target compares with each other, one group each: a group's rows run
	 * interleaved, window by window (see {@code BenchMain}), so every ratio between them
	 * compares windows measured seconds apart. This VM flips between host states (one
	 * cache-line hop between cores took 230 ns for 11 s, then 36 ns for 160 s): two rows
	 * measured a minute apart often drew different ones. A row in no group is a group of
	 * its own.
	 */
	static final List<List<String>> GROUPS = List.of(
			List.of("unix-socket/spi", "unix-socket/raw", "unix-socket/starter", "unix-socket/remote", "si-tcp/peer",
					"unix-socket/spi/acknowledged", "unix-socket/starter/acknowledged"),
			// TLS next to plain text, interleaved: what encryption costs is a ratio of
			// these
			List.of("tcp/starter", "tcp/raw", "tcp/spi", "tcp/spi/tls", "tcp/starter/tls", "si-tcp/peer/tls"),
			List.of("shared-memory/starter/busy-spin", "shared-memory/raw-ring/busy-spin",
					"shared-memory/spi/busy-spin", "shared-memory/aeron/busy-spin"),
			List.of("shared-memory/aeron-concurrent/backoff", "shared-memory/spi/backoff",
					"shared-memory/aeron/backoff", "shared-memory/raw-ring/backoff", "shared-memory/starter/backoff"),
			List.of("udp/spi", "udp/raw", "udp/starter"),
			List.of("message-queue/spi", "message-queue/raw", "message-queue/starter"),
			List.of("amqp/spi", "amqp/starter"));

	private Scenarios() {
	}

	/**
	 * The selected rows in the groups they run in: each of {@link #GROUPS} with only its
	 * selected rows (a group with none is left out), then every selected row in no group
	 * as a group of one, in table order.
	 */
	public static List<List<Scenario>> groups(List<Scenario> rows) {
		List<List<Scenario>> groups = new ArrayList<>();
		for (List<String> ids : GROUPS) {
			List<Scenario> group = new ArrayList<>();
			for (String id : ids) {
				rows.stream().filter(s -> s.id().equals(id)).forEach(group::add);
			}
			if (!group.isEmpty()) {
				groups.add(group);
			}
		}
		rows.stream()
			.filter(s -> GROUPS.stream().noneMatch(ids -> ids.contains(s.id())))
			.forEach(s -> groups.add(List.of(s)));
		return groups;
	}

	/** Whether two rows run interleaved, window by window, in one of {@link #GROUPS}. */
	public static boolean interleaved(String a, String b) {
		return GROUPS.stream().anyMatch(ids -> ids.contains(a) && ids.contains(b));
	}

	/** Every scenario, in table order. */
	public static List<Scenario> all() {
		List<Scenario> all = new ArrayList<>();
		for (TransportRows rows : TRANSPORTS) {
			all.addAll(baselines(rows.transport()));
			rows.variants().keySet().stream().sorted().forEach(v -> all.add(new SpiScenario(rows, v)));
			rows.variants().keySet().stream().sorted().forEach(v -> all.add(new StarterScenario(rows, v)));
			if (rows.transport().equals("unix-socket")) {
				// typed remote calls: one transport shows their cost
				all.add(new RemoteScenario(rows));
			}
			all.addAll(peers(rows.transport()));
		}
		return all;
	}

	/** The scenario with this id. */
	public static Scenario byId(String id) {
		return all().stream()
			.filter(s -> s.id().equals(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Unknown scenario '" + id + "'"));
	}

	private static List<Scenario> baselines(String transport) {
		return switch (transport) {
			case "unix-socket" -> List.of(new RawSocketScenario(true));
			case "tcp" -> List.of(new RawSocketScenario(false));
			case "udp" -> List.of(new RawDatagramScenario());
			case "message-queue" -> List.of(new RawMessageQueueScenario());
			case "shared-memory" -> List.of(new RawRingScenario(Idle.SPIN), new RawRingScenario(Idle.BACKOFF));
			default -> List.of();
		};
	}

	private static List<Scenario> peers(String transport) {
		return switch (transport) {
			case "tcp" -> List.of(new SpringTcpScenario(false), new SpringTcpScenario(true));
			case "shared-memory" -> List.of(new AeronScenario(Idle.SPIN, false), new AeronScenario(Idle.BACKOFF, false),
					new AeronScenario(Idle.BACKOFF, true));
			default -> List.of();
		};
	}

}
