package io.ipcstarter.bench.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.ipcstarter.bench.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/** The order rows run in: compared rows back to back, reversed every other fork, nothing lost. */
class RunOrderTests {

	@Test
	void everyListedRowExistsAndEveryRowRuns() {
		List<String> ids = ids(Scenarios.all());
		assertThat(ids).containsAll(Scenarios.RUN_ORDER);
		assertThat(ids(Scenarios.runOrder(Scenarios.all(), 0))).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void comparedRowsRunBackToBack() {
		List<String> order = ids(Scenarios.runOrder(Scenarios.all(), 0));
		assertAdjacent(order, "unix-socket/starter", "unix-socket/raw");
		assertAdjacent(order, "unix-socket/starter", "si-tcp/peer");
		assertAdjacent(order, "tcp/starter", "tcp/raw");
		assertAdjacent(order, "shared-memory/spi/backoff", "shared-memory/aeron/backoff");
		assertAdjacent(order, "shared-memory/spi/backoff", "shared-memory/aeron-concurrent/backoff");
		assertAdjacent(order, "shared-memory/spi/busy-spin", "shared-memory/aeron/busy-spin");
	}

	@Test
	void everyOtherForkRunsTheRowsBackwards() {
		List<String> first = ids(Scenarios.runOrder(Scenarios.all(), 0));
		List<String> second = ids(Scenarios.runOrder(Scenarios.all(), 1));
		List<String> reversed = new ArrayList<>(first);
		Collections.reverse(reversed);
		assertThat(second).containsExactlyElementsOf(reversed);
		assertThat(ids(Scenarios.runOrder(Scenarios.all(), 2))).containsExactlyElementsOf(first);
	}

	@Test
	void aSelectionKeepsTheOrderOfWhatIsSelected() {
		List<Scenario> some = Scenarios.all().stream()
			.filter(s -> s.id().equals("shared-memory/aeron/backoff") || s.id().equals("shared-memory/spi/backoff"))
			.toList();
		assertThat(ids(Scenarios.runOrder(some, 0))).containsExactly("shared-memory/spi/backoff",
				"shared-memory/aeron/backoff");
	}

	private static void assertAdjacent(List<String> order, String a, String b) {
		assertThat(Math.abs(order.indexOf(a) - order.indexOf(b))).as("%s next to %s in %s", a, b, order).isEqualTo(1);
	}

	private static List<String> ids(List<Scenario> scenarios) {
		return scenarios.stream().map(Scenario::id).toList();
	}

}
