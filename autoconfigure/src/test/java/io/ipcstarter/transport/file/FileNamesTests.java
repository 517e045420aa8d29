package io.ipcstarter.transport.file;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class FileNamesTests {

	private final Path dir = Path.of("/srv/box/new");

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", "..\\..\\x", "C:evil",
			"x\u0000y", "" })
	void namesThatWouldEscapeTheDirectoryOnSomePlatformAreNotSafe(String name) {
		assertThat(FileNames.isSafe(name)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "..", ".", "../etc/passwd", "/etc/passwd", "a/b", "a\\b", "..\\..\\x", "x\u0000y",
			"tab\there", "new\nline", "del\u007f", "" })
	void namesThatCannotBePassedOnAreNotClaimable(String name) {
		assertThat(FileNames.isClaimable(name)).isFalse();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> FileNames.resolveClaimable(this.dir, name))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.PEER_REJECTED));
		String safe = FileNames.claimable(name);
		assertThat(FileNames.isClaimable(safe)).as(safe).isTrue();
		assertThat(FileNames.isSafe(safe)).as(safe).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "order-1.xml", "..hidden-but-harmless", "a..b", "1732236000123.42_1f_7.host" })
	void plainNamesResolveDirectlyInside(String name) throws IpcException {
		assertThat(FileNames.isSafe(name)).isTrue();
		assertThat(FileNames.resolveClaimable(this.dir, name).getParent()).isEqualTo(this.dir);
	}

	@ParameterizedTest
	@ValueSource(strings = { "1733.M1P2.host:2,S", "1733.M1P2.host:2,", "C:evil" })
	@DisabledOnOs(OS.WINDOWS) // a colon names a drive or a stream there
	void maildirInfoWithAColonIsClaimableWhereTheFileSystemAllowsIt(String name) throws IpcException {
		assertThat(FileNames.isSafe(name)).as("not written by us").isFalse();
		assertThat(FileNames.isClaimable(name)).isTrue();
		assertThat(FileNames.resolveClaimable(this.dir, name).getFileName().toString()).isEqualTo(name);
	}

	@Test
	void aSafeNameReplacesWhatCannotBePassedOnAndTheQuotedNameShowsIt() {
		assertThat(FileNames.claimable("1733.M2P2.host\\x:2,"))
			.isEqualTo(SharedDirectory.isWindows() ? "1733.M2P2.host_x_2," : "1733.M2P2.host_x:2,");
		assertThat(FileNames.claimable("a\tb\nc\u0001")).isEqualTo("a_b_c_");
		assertThat(FileNames.quoted("a\\b\tc\u0001")).isEqualTo("'a\\\\b\\tc\\u0001'");
		assertThat(FileNames.claimable("x".repeat(300))).hasSize(255);
	}

	@Test
	void uniqueNamesAreSafeAndDoNotRepeat() {
		Set<String> names = new HashSet<>();
		for (int i = 0; i < 10_000; i++) {
			String name = FileNames.unique(".xml");
			assertThat(FileNames.isSafe(name)).isTrue();
			assertThat(names.add(name)).isTrue();
		}
		assertThat(names.iterator().next()).matches("\\d{13}\\.\\d+_[0-9a-f]+_\\d+\\..+\\.xml");
	}

}
