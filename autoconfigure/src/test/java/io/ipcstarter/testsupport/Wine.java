package io.ipcstarter.testsupport;

import com.sun.jna.NativeLibrary;

/**
 * Whether a Windows test runs under Wine rather than Windows, for the few places where
 * Wine behaves differently and a test must say so rather than claim Windows behaviour it
 * never saw.
 */
public final class Wine {

	private Wine() {
	}

	/**
	 * Wine's ntdll exports {@code wine_get_version}; Windows' does not. {@code false} off
	 * Windows.
	 */
	public static boolean isRunning() {
		if (!System.getProperty("os.name").startsWith("Windows")) {
			return false;
		}
		try {
			NativeLibrary.getInstance("ntdll").getFunction("wine_get_version");
			return true;
		}
		catch (UnsatisfiedLinkError ex) {
			return false;
		}
	}

}
