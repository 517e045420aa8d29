package io.ipcstarter.bench.scenario;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.ipcstarter.bench.Scenario;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The groups rows run in: every row in exactly one, only selected rows, compared rows
 * together.
 */
class RowGroupTests {

	@Test
	void everyGroupedRowExistsAndEveryRowRunsOnce() {
		List<String> ids = ids(Scenarios.all());
		Scenarios.GROUPS.forEach(group -> assertThat(ids).containsAll(group));
		List<String> grouped = Scenarios.groups(Scenarios.all()).stream().flatMap(g -> ids(g).stream()).toList();
		assertThat(grouped).containsExactlyInAnyOrderElementsOf(ids);
	}

	@Test
	void comparedRowsShareAGroup() {
		List<List<String>> groups = Scenarios.groups(Scenarios.all()).stream().map(RowGroupTests::ids).toList();
		assertThat(groups)
			.anySatisfy(g -> assertThat(g).contains("unix-socket/starter", "unix-socket/raw", "si-tcp/peer"));
		assertThat(groups).anySatisfy(g -> assertThat(g).contains("tcp/starter", "tcp/raw"));
		assertThat(groups).anySatisfy(g -> assertThat(g).contains("shared-memory/spi/backoff",
				"shared-memory/aeron/backoff", "shared-memory/aeron-concurrent/backoff"));
		assertThat(groups)
			.anySatisfy(g -> assertThat(g).contains("shared-memory/spi/busy-spin", "shared-memory/aeron/busy-spin"));
	}

	@Test
	void aSelectionKeepsOnlyWhatIsSelectedInTheGroupsOrder() {
		Pattern only = Pattern.compile("shared-memory/(spi|aeron)/backoff|tcp/raw");
		List<Scenario> some = Scenarios.all().stream().filter(s -> only.matcher(s.id()).matches()).toList();
		assertThat(Scenarios.groups(some).stream().map(RowGroupTests::ids).toList()).containsExactly(List.of("tcp/raw"),
				List.of("shared-memory/spi/backoff", "shared-memory/aeron/backoff"));
	}

	private static List<String> ids(List<Scenario> scenarios) {
		return scenarios.stream().map(Scenario::id).toList();
	}

}
