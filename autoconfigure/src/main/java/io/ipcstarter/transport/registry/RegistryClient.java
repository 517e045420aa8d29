package io.ipcstarter.transport.registry;

import java.io.IOException;

import com.sun.jna.platform.win32.Win32Exception;
import com.sun.jna.platform.win32.WinReg;
import com.sun.jna.platform.win32.WinReg.HKEY;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.windows.RegistryKeys;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;

/**
 * The outbound side of {@code registry}: writes each message as the new data of the value
 * ({@code RegSetValueEx}), REG_SZ or REG_BINARY as {@code registry.value-type} says.
 * Creates the key on first use and keeps it open; a key deleted meanwhile is created
 * again. A send returns once the registry holds the value (Windows writes the hive to
 * disk lazily; every process sees the value at once).
 */
final class RegistryClient implements IpcClient {

	private final EndpointSpec spec;

	private final RegistryPath path;

	private final String value;

	private final int limit;

	private final RegistryOptions.ValueType type;

	private @Nullable HKEY key;

	private boolean closed;

	RegistryClient(EndpointSpec spec, RegistryPath path, String value, int limit, RegistryOptions.ValueType type) {
		this.spec = spec;
		this.path = path;
		this.value = value;
		this.limit = limit;
		this.type = type;
	}

	@Override
	public void send(byte[] payload) throws IOException {
		if (payload.length > this.limit) {
			throw new IpcException(ErrorReason.OVERSIZE,
					"A message of " + payload.length + " bytes is larger than max-message-size (" + this.limit
							+ " bytes) and is not written to " + address() + " by endpoint '" + this.spec.name() + "'");
		}
		boolean text = this.type == RegistryOptions.ValueType.STRING;
		byte[] data = text ? RegistryValues.toRegSz(payload) : payload;
		int regType = text ? RegistryKeys.REG_SZ : RegistryKeys.REG_BINARY;
		synchronized (this) {
			try {
				write(regType, data);
			}
			catch (Win32Exception ex) {
				if (ex.getErrorCode() != RegistryKeys.ERROR_KEY_DELETED) {
					throw failed(ex);
				}
				// someone deleted the key under our handle: create it again, write once
				// more
				closeKey();
				try {
					write(regType, data);
				}
				catch (Win32Exception again) {
					throw failed(again);
				}
			}
		}
	}

	private void write(int regType, byte[] data) throws IpcException {
		if (this.closed) {
			throw new IpcException(ErrorReason.IO,
					"The registry client of endpoint '" + this.spec.name() + "' is closed");
		}
		HKEY open = this.key;
		if (open == null) {
			int access = RegistryKeys.KEY_SET_VALUE | RegistryKeys.KEY_WOW64_64KEY;
			open = RegistryKeys.open(root(this.path), this.path.path(), access, true);
			this.key = open;
		}
		RegistryKeys.set(open, this.value, regType, data);
	}

	private IpcException failed(Win32Exception ex) {
		return new IpcException(ErrorReason.IO,
				"Writing " + address() + " failed: " + ex.getMessage() + " (error " + ex.getErrorCode() + ")", ex);
	}

	static HKEY root(RegistryPath path) {
		return path.localMachine() ? WinReg.HKEY_LOCAL_MACHINE : WinReg.HKEY_CURRENT_USER;
	}

	@Override
	public byte[] request(byte[] payload) throws IOException {
		throw new IpcException(ErrorReason.UNSUPPORTED,
				"A registry value is one-way: endpoint '" + this.spec.name() + "' cannot make requests");
	}

	@Override
	public String address() {
		return this.path.display() + " value " + this.value;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		closeKey();
	}

	private void closeKey() {
		HKEY open = this.key;
		this.key = null;
		if (open != null) {
			RegistryKeys.close(open);
		}
	}

}
