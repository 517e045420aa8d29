package io.ipcstarter.bench.scenario;

import java.util.Map;
import java.util.function.BiFunction;

import io.ipcstarter.bench.Addresses;

/**
 * What the harness needs to know about one of our transports to give it an SPI row and a full-starter row per
 * variant: its id, how to make an address for it, and the transport-specific endpoint properties of each variant
 * (relative to the endpoint, as in YAML, e.g. {@code shared-memory.idle-strategy=busy-spin}).
 *
 * @param transport the transport id, looked up with {@code Transports.find} at run time
 * @param address makes an address from the run's allocator and a name ({@code sink}, {@code echo})
 * @param variants variant name (shown in the table; empty for "the defaults") to its endpoint properties
 */
public record TransportRows(String transport, BiFunction<Addresses, String, String> address,
		Map<String, Map<String, String>> variants) {

	/** A transport measured with its defaults only. */
	public static TransportRows defaults(String transport, BiFunction<Addresses, String, String> address) {
		return new TransportRows(transport, address, Map.of("", Map.of()));
	}

}
