package io.ipcstarter.transport.file;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;
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
	void namesThatWouldEscapeTheDirectoryAreRefused(String name) {
		assertThat(FileNames.isSafe(name)).isFalse();
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> FileNames.resolveInside(this.dir, name))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.PEER_REJECTED));
	}

	@ParameterizedTest
	@ValueSource(strings = { "order-1.xml", "..hidden-but-harmless", "a..b", "1732236000123.42_1f_7.host" })
	void plainNamesResolveDirectlyInside(String name) throws IpcException {
		assertThat(FileNames.resolveInside(this.dir, name).getParent()).isEqualTo(this.dir);
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
