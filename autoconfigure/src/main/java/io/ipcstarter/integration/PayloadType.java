package io.ipcstarter.integration;

/**
 * What the payload of a received message is.
 */
public enum PayloadType {

	/** The bytes as received ({@code byte[]}). */
	BYTES,

	/** The bytes decoded as text ({@code String}) with the endpoint's charset. */
	TEXT

}
