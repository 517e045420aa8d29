package io.ipcstarter.transport.registry;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.TransportOptions;

/**
 * Settings of the {@code registry} transport ({@code ipc.endpoints.<name>.registry.*}). A
 * plain JavaBean: the transport layer knows nothing of Spring; the autoconfigure layer
 * binds it.
 */
public class RegistryOptions extends TransportOptions<RegistryOptions> {

	/**
	 * Name of the registry value under the key given as address, e.g. "LastOrder".
	 * Required.
	 */
	private @Nullable String value;

	/**
	 * Type an outbound endpoint writes: "string" (REG_SZ, the payload must be UTF-8 text
	 * without NUL characters) or "binary" (REG_BINARY, any bytes).
	 */
	private ValueType valueType = ValueType.STRING;

	/**
	 * Whether an outbound endpoint may write under HKEY_LOCAL_MACHINE (machine-wide,
	 * needs administrator rights, subject to registry virtualization and WOW64
	 * redirection).
	 */
	private boolean allowLocalMachine = false;

	/**
	 * Whether an inbound endpoint delivers the value present when it starts, before any
	 * change.
	 */
	private boolean deliverCurrent = false;

	public @Nullable String getValue() {
		return this.value;
	}

	public void setValue(@Nullable String value) {
		this.value = value;
	}

	public ValueType getValueType() {
		return this.valueType;
	}

	public void setValueType(ValueType valueType) {
		this.valueType = valueType;
	}

	public boolean isAllowLocalMachine() {
		return this.allowLocalMachine;
	}

	public void setAllowLocalMachine(boolean allowLocalMachine) {
		this.allowLocalMachine = allowLocalMachine;
	}

	public boolean isDeliverCurrent() {
		return this.deliverCurrent;
	}

	public void setDeliverCurrent(boolean deliverCurrent) {
		this.deliverCurrent = deliverCurrent;
	}

	/** Values of {@code registry.value-type}. */
	public enum ValueType {

		/** REG_SZ: the payload is UTF-8 text, stored as UTF-16 with a terminating NUL. */
		STRING,

		/** REG_BINARY: the payload's bytes as they are. */
		BINARY

	}

}
