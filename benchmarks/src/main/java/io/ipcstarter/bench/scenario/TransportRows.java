package io.ipcstarter.bench.scenario;

import java.util.Map;
import java.util.function.BiFunction;

import io.ipcstarter.bench.Addresses;

/**
 * What the harness needs to know about one of our transports to give it an SPI row and a
 * full-starter row per variant: its id, how to make an address for it, and the
 * transport-specific endpoint properties of each variant (relative to the endpoint, as in
 * YAML, e.g. {@code shared-memory.idle-strategy=busy-spin}).
 *
 * @param transport the transport id, looked up with {@code Transports.find} at run time
 * @param address makes an address from the run's allocator and a name ({@code sink},
 * {@code echo})
 * @param variants variant name (shown in the table; empty for "the defaults") to its
 * endpoint properties
 * @param maxMessageSize the largest message the transport carries: its endpoints'
 * {@code max-message-size}, and sizes above it are not measured (udp: 65,507;
 * message-queue: the kernel's 8192 by default)
 * @param gateways whether it has the gateway roles: without them its rows measure one-way
 * throughput only
 */
public record TransportRows(String transport, BiFunction<Addresses, String, String> address,
		Map<String, Map<String, String>> variants, int maxMessageSize, boolean gateways) {

	/**
	 * Room for the largest message the harness sends (1 MiB) plus anything a transport
	 * adds.
	 */
	static final int STREAM_MAX_MESSAGE_SIZE = 2 * 1024 * 1024;

	/**
	 * The variant property that sets an endpoint's {@code delivery}: applied to the
	 * one-way endpoints only (a gateway cannot be acknowledged).
	 */
	static final String DELIVERY = "delivery";

	TransportRows(String transport, BiFunction<Addresses, String, String> address,
			Map<String, Map<String, String>> variants) {
		this(transport, address, variants, STREAM_MAX_MESSAGE_SIZE, true);
	}

	/** A transport measured with its defaults only. */
	public static TransportRows defaults(String transport, BiFunction<Addresses, String, String> address) {
		return new TransportRows(transport, address, Map.of("", Map.of()));
	}

	/**
	 * A datagram transport measured with its defaults only, up to {@code maxMessageSize}.
	 */
	static TransportRows datagrams(String transport, BiFunction<Addresses, String, String> address, int maxMessageSize,
			boolean gateways) {
		return new TransportRows(transport, address, Map.of("", Map.of()), maxMessageSize, gateways);
	}

}
