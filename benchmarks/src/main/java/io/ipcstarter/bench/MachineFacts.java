package io.ipcstarter.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the numbers were measured on, read once at the start of a run. */
final class MachineFacts {

	private MachineFacts() {
	}

	static Map<String, String> read() {
		Map<String, String> facts = new LinkedHashMap<>();
		facts.put("CPU", firstMatch(Path.of("/proc/cpuinfo"), "model name") + ", "
				+ Runtime.getRuntime().availableProcessors() + " cores visible to the JVM");
		facts.put("Memory", firstMatch(Path.of("/proc/meminfo"), "MemTotal"));
		facts.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
				+ System.getProperty("os.arch") + "), " + firstMatch(Path.of("/etc/os-release"), "PRETTY_NAME"));
		facts.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + " ("
				+ System.getProperty("java.vendor") + ")");
		facts.put("Child JVM options", String.join(" ", BenchConfig.childJvmArgs));
		facts.put("Load average at start", loadAverage());
		return facts;
	}

	static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (IOException ex) {
			return "n/a";
		}
	}

	private static String firstMatch(Path file, String key) {
		try {
			List<String> lines = Files.readAllLines(file);
			for (String line : lines) {
				if (line.startsWith(key)) {
					String value = line.substring(line.indexOf(line.contains(":") ? ':' : '=') + 1).trim();
					return value.replace("\"", "");
				}
			}
		}
		catch (IOException ex) {
			// not Linux: say so below
		}
		return "n/a";
	}

}
