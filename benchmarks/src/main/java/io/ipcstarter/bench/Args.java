package io.ipcstarter.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code key=value} arguments the coordinator hands to a child process: the addresses
 * a scenario allocated and anything else it needs.
 */
public final class Args {

	private final Map<String, String> values;

	public Args(Map<String, String> values) {
		this.values = new LinkedHashMap<>(values);
	}

	/** Parse {@code key=value} words. */
	public static Args parse(List<String> words) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String word : words) {
			int eq = word.indexOf('=');
			if (eq <= 0) {
				throw new IllegalArgumentException("Expected key=value, got '" + word + "'");
			}
			values.put(word.substring(0, eq), word.substring(eq + 1));
		}
		return new Args(values);
	}

	/** The value of a key that must be there. */
	public String get(String key) {
		String value = this.values.get(key);
		if (value == null) {
			throw new IllegalArgumentException("Missing argument '" + key + "' (have " + this.values.keySet() + ")");
		}
		return value;
	}

	public Map<String, String> asMap() {
		return this.values;
	}

	/** As {@code key=value} words for a command line. */
	public List<String> toWords() {
		return this.values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
	}

}
