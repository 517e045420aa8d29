package io.ipcstarter.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Every endpoint address of the sample's {@code application.yml}, moved out of the way so
 * tests never collide with anything on the machine: socket files into a test directory,
 * each fixed TCP port onto a free one (the same free port wherever the YAML repeats it,
 * so the sample's outbound endpoints still reach its inbound ones). Read from the YAML
 * itself, so endpoints added to the sample are moved too.
 */
final class SampleAddresses {

	private static final String TMPDIR = "${java.io.tmpdir}";

	private static final Pattern ADDRESS_KEY = Pattern.compile("ipc\\.endpoints\\.([^.]+)\\.address");

	/** Transports whose address names a queue or topic on a broker. */
	private static final Set<String> BROKERS = Set.of("amqp", "kafka");

	private static final Pattern LOOPBACK_PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d+)");

	private SampleAddresses() {
	}

	/**
	 * Property name to new address, for every endpoint of the sample, as
	 * {@code application.yml} and the given profiles' {@code application-<profile>.yml}
	 * declare them (a profile's value wins). A queue or topic on a broker is not moved:
	 * it is the test broker's.
	 */
	static Map<String, String> movedTo(Path dir, String... profiles) {
		Map<String, Object> properties = new LinkedHashMap<>();
		load("application.yml").forEach((source) -> copy(source, properties));
		for (String profile : profiles) {
			load("application-" + profile + ".yml").forEach((source) -> copy(source, properties));
		}
		Map<String, String> moved = new LinkedHashMap<>();
		Map<String, String> ports = new HashMap<>();
		properties.forEach((name, value) -> {
			Matcher key = ADDRESS_KEY.matcher(name);
			if (!key.matches()) {
				return;
			}
			String address = String.valueOf(value);
			Matcher tcp = LOOPBACK_PORT.matcher(address);
			String transport = String.valueOf(properties.get("ipc.endpoints." + key.group(1) + ".transport"));
			if (address.startsWith(TMPDIR)) {
				moved.put(name, dir + address.substring(TMPDIR.length()));
			}
			else if (tcp.matches()) {
				moved.put(name, "127.0.0.1:" + ports.computeIfAbsent(tcp.group(1), port -> freePort()));
			}
			else if (!BROKERS.contains(transport)) {
				throw new IllegalStateException("Teach SampleAddresses to move " + name + "=" + address);
			}
		});
		return moved;
	}

	private static void copy(PropertySource<?> source, Map<String, Object> into) {
		for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
			into.put(name, source.getProperty(name));
		}
	}

	/**
	 * The same as command-line arguments, with the web server and the management server
	 * on free ports too (an application run from {@code main} starts them on 8080 and
	 * 8081).
	 */
	static String[] asArguments(Path dir) {
		Map<String, String> moved = movedTo(dir);
		moved.put("server.port", "0");
		moved.put("management.server.port", "0");
		return moved.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
	}

	private static List<PropertySource<?>> load(String file) {
		try {
			return new YamlPropertySourceLoader().load(file, new ClassPathResource(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String freePort() {
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return String.valueOf(probe.getLocalPort());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
