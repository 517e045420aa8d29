package io.ipcstarter.bench;

/**
 * Which layer a scenario measures, so each layer's overhead shows up as a ratio against
 * the one below.
 */
public enum Layer {

	/** Plain JDK (or plain mapped-memory) code doing the same IPC: the floor. */
	RAW("raw baseline"),

	/** Our transport SPI alone ({@code io.ipcstarter.transport}), no Spring. */
	SPI("transport SPI"),

	/**
	 * YAML-configured endpoints in two Spring Boot apps: handler, transport, inbound
	 * adapter, channel.
	 */
	STARTER("full starter"),

	/**
	 * What a user would pick today instead: Spring Integration TCP adapters, Aeron IPC.
	 */
	PEER("peer");

	private final String label;

	Layer(String label) {
		this.label = label;
	}

	public String label() {
		return this.label;
	}

}
