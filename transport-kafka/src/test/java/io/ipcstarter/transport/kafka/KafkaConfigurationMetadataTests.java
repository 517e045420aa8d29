package io.ipcstarter.transport.kafka;

import java.beans.Introspector;
import java.beans.PropertyDescriptor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key YAML binds into {@link KafkaOptions} (its writable bean properties) has IDE
 * completion: an entry {@code ipc.defaults.kafka.<key>} with a description in the
 * module's {@code additional-spring-configuration-metadata.json}, and no entry names a
 * key that does not bind.
 */
class KafkaConfigurationMetadataTests {

	private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");

	@Test
	void everyKafkaKeyHasMetadataAndEveryEntryIsAKey() throws Exception {
		String json;
		try (InputStream in = getClass()
			.getResourceAsStream("/META-INF/additional-spring-configuration-metadata.json")) {
			assertThat(in).isNotNull();
			json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		Set<String> documented = NAME.matcher(json).results().map((m) -> m.group(1)).collect(Collectors.toSet());
		Set<String> bound = Arrays.stream(Introspector.getBeanInfo(KafkaOptions.class).getPropertyDescriptors())
			.filter((p) -> p.getWriteMethod() != null)
			.map(PropertyDescriptor::getName)
			.map((name) -> "ipc.defaults.kafka." + kebab(name))
			.collect(Collectors.toSet());
		assertThat(documented).isEqualTo(bound);
		assertThat(json.split("\"description\"")).hasSize(bound.size() + 1);
	}

	private static String kebab(String camel) {
		Matcher upper = Pattern.compile("([A-Z])").matcher(camel);
		return upper.replaceAll((m) -> "-" + m.group(1).toLowerCase(java.util.Locale.ROOT));
	}

}
