package io.ipcstarter.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.DocumentContext;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated configuration metadata gives the IDE a description for every key, and a
 * completion value for every transport on the class path.
 */
class ConfigurationMetadataTests {

	private final DocumentContext metadata = read();

	@Test
	void everyPropertyHasADescription() {
		List<Map<String, Object>> properties = this.metadata.read("$.properties[*]");
		List<Object> undescribed = new ArrayList<>();
		for (Map<String, Object> property : properties) {
			Object description = property.get("description");
			if (description == null || description.toString().isBlank()) {
				undescribed.add(property.get("name"));
			}
		}
		assertThat(properties).isNotEmpty();
		assertThat(undescribed).isEmpty();
	}

	@Test
	void everySharedEndpointKeyIsDescribedUnderDefaults() {
		List<String> names = this.metadata.read("$.properties[*].name");
		assertThat(names).contains("ipc.defaults.framing", "ipc.defaults.max-message-size", "ipc.defaults.send-timeout",
				"ipc.defaults.reply-timeout", "ipc.defaults.permissions", "ipc.defaults.allowed-uids",
				"ipc.defaults.payload-type", "ipc.defaults.charset", "ipc.defaults.error-channel",
				"ipc.defaults.reconnect.initial-interval", "ipc.endpoints");
	}

	@Test
	void defaultsOfferNothingThatNamesOneEndpoint() {
		List<String> names = this.metadata.read("$.properties[*].name");
		assertThat(names).doesNotContain("ipc.defaults.transport", "ipc.defaults.role", "ipc.defaults.address",
				"ipc.defaults.channel", "ipc.defaults.reply-channel");
	}

	/**
	 * A transport's options bind from ipc.*.<id>.*; the IDE offers them only if
	 * IpcProperties declares them.
	 */
	@Test
	void everyTransportsOptionsAreDescribedUnderItsId() {
		List<String> names = this.metadata.read("$.properties[*].name");
		for (IpcTransport transport : Transports.all().values()) {
			if (transport.optionsType() != null) {
				assertThat(names).as("IpcProperties.Defaults declares the options of '%s'", transport.id())
					.anyMatch((name) -> name.startsWith("ipc.defaults." + transport.id() + "."));
			}
		}
	}

	@Test
	void transportHintListsEveryTransportOnTheClassPath() {
		List<String> hinted = this.metadata
			.read("$.hints[?(@.name == 'ipc.endpoints.values.transport')].values[*].value");
		List<String> known = new ArrayList<>(Transports.all().keySet());
		// test-only transports registered by the test class path
		known.removeIf(id -> id.startsWith("test-"));
		assertThat(hinted).containsAll(known);
	}

	private static DocumentContext read() {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			return JsonPath.parse(in);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
