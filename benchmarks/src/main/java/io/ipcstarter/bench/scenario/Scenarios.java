package io.ipcstarter.bench.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import io.ipcstarter.bench.Scenario;

/**
 * Every row of the benchmark, grouped by transport: raw baseline, our SPI, the full starter, then the peers.
 * <p>
 * Adding a transport's rows is one {@link TransportRows} entry in {@link #TRANSPORTS} (its id, how to make an
 * address, and its variants); its raw baseline and peers, if it has any, go in {@link #baselines} and
 * {@link #peers}. A transport that is not on the class path is still listed, and skipped at run time with a note.
 */
public final class Scenarios {

	/** Our transports, by id; looked up with {@code Transports.find} when the benchmark runs. */
	static final List<TransportRows> TRANSPORTS = List.of(
			TransportRows.defaults("unix-socket", (a, name) -> a.path(name + ".sock")),
			TransportRows.defaults("tcp", (a, name) -> a.tcp()),
			// capacity as the raw ring's and Aeron's terms (16 MiB); idle strategy as a dimension, as theirs
			new TransportRows("shared-memory", (a, name) -> a.path(name + ".ring"),
					Map.of("busy-spin", Map.of("shared-memory.idle-strategy", "busy-spin", "shared-memory.capacity", "16MB"),
							"backoff", Map.of("shared-memory.idle-strategy", "backoff", "shared-memory.capacity", "16MB"))));

	/**
	 * The order rows run in within a fork, apart from the table order: every pair of rows a target compares runs
	 * back to back (raw next to the full starter, the SPI between Aeron's two publications, and so on). This VM runs
	 * in fast and slow states; two rows measured minutes apart often drew different ones, two rows measured one after
	 * the other are likelier to draw the same (not always: the per-fork ratios show when they did not). Rows not
	 * listed run afterwards, in table order.
	 */
	static final List<String> RUN_ORDER = List.of(
			"unix-socket/spi", "unix-socket/raw", "unix-socket/starter", "si-tcp/peer", "tcp/starter", "tcp/raw",
			"tcp/spi",
			"shared-memory/starter/busy-spin", "shared-memory/raw-ring/busy-spin", "shared-memory/spi/busy-spin",
			"shared-memory/aeron/busy-spin",
			"shared-memory/aeron-concurrent/backoff", "shared-memory/spi/backoff", "shared-memory/aeron/backoff",
			"shared-memory/raw-ring/backoff", "shared-memory/starter/backoff");

	private Scenarios() {
	}

	/**
	 * The rows of one fork in the order they run: {@link #RUN_ORDER}, reversed in every other fork, so that within
	 * each compared pair neither row always goes first (a drift over the run then favours neither).
	 */
	public static List<Scenario> runOrder(List<Scenario> rows, int fork) {
		List<Scenario> ordered = new ArrayList<>(rows);
		ordered.sort(Comparator.comparingInt(s -> {
			int at = RUN_ORDER.indexOf(s.id());
			return (at >= 0) ? at : RUN_ORDER.size() + rows.indexOf(s);
		}));
		if (fork % 2 == 1) {
			Collections.reverse(ordered);
		}
		return ordered;
	}

	/** Every scenario, in table order. */
	public static List<Scenario> all() {
		List<Scenario> all = new ArrayList<>();
		for (TransportRows rows : TRANSPORTS) {
			all.addAll(baselines(rows.transport()));
			rows.variants().keySet().stream().sorted().forEach(v -> all.add(new SpiScenario(rows, v)));
			rows.variants().keySet().stream().sorted().forEach(v -> all.add(new StarterScenario(rows, v)));
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
			case "shared-memory" -> List.of(new RawRingScenario(Idle.SPIN), new RawRingScenario(Idle.BACKOFF));
			default -> List.of();
		};
	}

	private static List<Scenario> peers(String transport) {
		return switch (transport) {
			case "tcp" -> List.of(new SpringTcpScenario());
			case "shared-memory" -> List.of(new AeronScenario(Idle.SPIN, false), new AeronScenario(Idle.BACKOFF, false),
					new AeronScenario(Idle.BACKOFF, true));
			default -> List.of();
		};
	}

}
