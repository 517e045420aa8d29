package io.ipcstarter.nativeapi.windows;

import com.sun.jna.platform.win32.Kernel32;
import org.junit.jupiter.api.Test;

import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proves the {@code windows-tests} profile: this runs inside the Windows JVM (under Wine
 * here) and calls kernel32 through JNA. Skipped on Linux.
 */
@WindowsTest
class WineSmokeTests {

	@Test
	void kernel32ReportsTheSameProcessIdAsTheJvm() {
		assertThat(System.getProperty("os.name")).startsWith("Windows");
		assertThat((long) Kernel32.INSTANCE.GetCurrentProcessId()).isEqualTo(ProcessHandle.current().pid());
	}

}
