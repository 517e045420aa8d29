package io.ipcstarter.transport.amqp;

import java.util.Arrays;

/**
 * The {@code ipc.endpoints.*} properties of one {@code amqp} endpoint with a text
 * payload, as the context-runner tests of this module declare it.
 */
final class AmqpEndpointProperties {

	private AmqpEndpointProperties() {
	}

	/**
	 * Endpoint {@code name} with its transport, role, address, channel and
	 * {@code payload-type=text}, then {@code more} ({@code "key=value"} below
	 * {@code ipc.endpoints.<name>.}).
	 */
	static String[] endpoint(String name, String role, String address, String channel, String... more) {
		String[] base = { "ipc.endpoints." + name + ".transport=amqp", "ipc.endpoints." + name + ".role=" + role,
				"ipc.endpoints." + name + ".address=" + address, "ipc.endpoints." + name + ".channel=" + channel,
				"ipc.endpoints." + name + ".payload-type=text" };
		String[] all = Arrays.copyOf(base, base.length + more.length);
		for (int i = 0; i < more.length; i++) {
			all[base.length + i] = "ipc.endpoints." + name + "." + more[i];
		}
		return all;
	}

}
