package io.ipcstarter.transport.registry;

import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code registry} (Windows): one registry value as a small shared setting that
 * any process can write and every watcher hears about. The {@code address} is a key
 * ({@code HKCU\Software\Acme\Orders}; HKCU when no hive is named), {@code registry.value}
 * the value's name. {@code outbound} writes the value (REG_SZ for text, REG_BINARY for
 * bytes); {@code inbound} watches the key with {@code RegNotifyChangeKeyValue} and
 * delivers each new value once. It is a latest-value channel, not a queue: values written
 * faster than the watcher reads them are replaced, and only the last is delivered.
 */
public final class RegistryTransport implements IpcTransport {

	/**
	 * Default largest value: 2 KiB. Microsoft's guidance for the registry ("Registry
	 * element size limits") is that values over 2,048 bytes belong in a file whose name
	 * the registry holds: the hive lives in memory, and every watcher reads the whole
	 * value at each change.
	 */
	static final int DEFAULT_LIMIT = 2048;

	/** Largest {@code max-message-size} this transport accepts: 64 KiB. */
	static final int MAX_LIMIT = 64 * 1024;

	@Override
	public String id() {
		return "registry";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public String roleRefusal(Role role) {
		return "a registry value holds the latest value, with no way to answer its writer; use transport named-pipe "
				+ "for request/reply";
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "the registry exists only on Windows; use transport file (a shared directory) or shared-memory for "
						+ "values shared between processes";
	}

	@Override
	public Class<RegistryOptions> optionsType() {
		return RegistryOptions.class;
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		if (spec.role().isGateway()) {
			throw new InvalidEndpointException(spec.name(), "role",
					"transport 'registry' cannot be " + spec.role().id() + ": " + roleRefusal(spec.role()),
					"Set it to inbound or outbound");
		}
		RegistryPath path = RegistryPath.of(spec);
		RegistryOptions options = options(spec);
		String value = options.getValue();
		if (value == null || value.isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "registry.value", "no value name given",
					"Set it to the name of the value under " + path.display() + ", e.g. LastOrder");
		}
		if (value.length() > 16_383) {
			throw new InvalidEndpointException(spec.name(), "registry.value",
					"a value name has at most 16,383 characters, this one " + value.length(), "Shorten it");
		}
		if (path.localMachine() && spec.role() == Role.OUTBOUND && !options.isAllowLocalMachine()) {
			throw new InvalidEndpointException(spec.name(), "address",
					"writing under HKEY_LOCAL_MACHINE is refused by default: it needs administrator rights, and "
							+ "registry virtualization or WOW64 redirection can send the write elsewhere",
					"Use a key under HKCU, or set registry.allow-local-machine: true if a machine-wide value is meant");
		}
		if (spec.maxMessageSize() > MAX_LIMIT && spec.maxMessageSize() != EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) {
			throw new InvalidEndpointException(
					spec.name(), "max-message-size", "a registry value is for small data: at most " + MAX_LIMIT
							+ " bytes here, " + spec.maxMessageSize() + " were asked for",
					"Set it to 64KB or less, or use transport file for larger data");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids",
					"a registry value does not tell which user wrote it",
					"Remove allowed-uids; the key's own ACL decides who may write it");
		}
	}

	/** The watcher waits in {@code WaitForSingleObject} through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		RegistryOptions options = options(spec);
		return new RegistryServer(spec, RegistryPath.of(spec), valueName(options), limit(spec),
				options.isDeliverCurrent());
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		RegistryOptions options = options(spec);
		return new RegistryClient(spec, RegistryPath.of(spec), valueName(options), limit(spec), options.getValueType());
	}

	/**
	 * The largest message an endpoint takes: its {@code max-message-size}, except that
	 * the default (1 MiB, made for streams) means {@value #DEFAULT_LIMIT}.
	 */
	static int limit(EndpointSpec spec) {
		int max = spec.maxMessageSize();
		return (max == EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) ? DEFAULT_LIMIT : Math.min(max, MAX_LIMIT);
	}

	private static RegistryOptions options(EndpointSpec spec) {
		RegistryOptions options = spec.option(RegistryOptions.class);
		return (options != null) ? options : new RegistryOptions();
	}

	private static String valueName(RegistryOptions options) {
		String value = options.getValue();
		if (value == null) {
			throw new IllegalStateException("registry.value is not set: validate the spec first");
		}
		return value;
	}

}
