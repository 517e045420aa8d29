package io.ipcstarter.autoconfigure;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.file.FileOptions;
import io.ipcstarter.transport.shm.SharedMemoryOptions;
import io.ipcstarter.transport.fifo.FifoOptions;
import io.ipcstarter.transport.pipe.NamedPipeOptions;
import io.ipcstarter.transport.process.ProcessOptions;

/**
 * Checks one endpoint's properties and turns them into an {@link EndpointSpec} for its transport. Every mistake
 * comes out as an {@link InvalidEndpointException} naming the property and the fix.
 */
final class EndpointSpecs {

	private EndpointSpecs() {
	}

	/** An endpoint's transport with its validated spec. */
	record Resolved(IpcTransport transport, EndpointSpec spec, IpcProperties.Endpoint properties) {
	}

	static Resolved resolve(String name, IpcProperties.Endpoint p) {
		IpcTransport transport = transport(name, p.getTransport());
		Role role = role(name, p.getRole(), transport);
		require(name, "address", p.getAddress(), "no address given",
				"Set it to where the endpoint listens or sends, e.g. a socket path or host:port");
		require(name, "channel", p.getChannel(), "no channel given",
				"Set it to the name of the message channel the endpoint " + (role.isInbound() ? "feeds" : "drains"));
		EndpointSpec spec;
		try {
			spec = EndpointSpec.builder(name, transport.id(), role, p.getAddress().trim())
				.framing(p.getFraming())
				.maxMessageSize(maxMessageSize(name, p))
				.sendTimeout(p.getSendTimeout())
				.replyTimeout(p.getReplyTimeout())
				.permissions(permissions(name, p.getPermissions()))
				.allowedUids(new HashSet<>(p.getAllowedUids()))
				.poolSize(p.getPoolSize())
				.maxConnections(p.getMaxConnections())
				.reconnect(p.getReconnect().getInitialInterval(), p.getReconnect().getMaxInterval())
				.option(FileOptions.class, p.getFile())
				.option(SharedMemoryOptions.class, p.getSharedMemory())
				.option(FifoOptions.class, p.getFifo())
				.option(NamedPipeOptions.class, p.getNamedPipe())
				.option(ProcessOptions.class, p.getProcess())
				.build();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			String key = ex.getMessage() != null ? ex.getMessage().split(" ")[0] : "?";
			throw new InvalidEndpointException(name, key, String.valueOf(ex.getMessage()),
					"Set it to a positive value", ex);
		}
		transport.validate(spec);
		return new Resolved(transport, spec, p);
	}

	private static IpcTransport transport(String name, String id) {
		String known = String.join(", ", Transports.all().keySet());
		require(name, "transport", id, "no transport given", "Set it to one of: " + known);
		IpcTransport transport = Transports.find(id.trim());
		if (transport == null) {
			throw new InvalidEndpointException(name, "transport", "unknown transport '" + id + "'",
					"Set it to one of: " + known);
		}
		String unsupported = transport.unsupportedReason();
		if (unsupported != null) {
			throw new InvalidEndpointException(name, "transport",
					"transport '" + id + "' does not work on " + System.getProperty("os.name") + ": " + unsupported,
					"Choose a transport that works here (the reason above names the portable alternative)");
		}
		return transport;
	}

	private static Role role(String name, Role role, IpcTransport transport) {
		if (role == null) {
			throw new InvalidEndpointException(name, "role", "no role given",
					"Set it to inbound, outbound, inbound-gateway or outbound-gateway");
		}
		if (!transport.roles().contains(role)) {
			String roles = String.join(", ", transport.roles().stream().map(Role::id).toList());
			throw new InvalidEndpointException(name, "role",
					"transport '" + transport.id() + "' cannot be " + role.id(), "Set it to one of: " + roles);
		}
		return role;
	}

	private static int maxMessageSize(String name, IpcProperties.Endpoint p) {
		long bytes = p.getMaxMessageSize().toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE - 8) {
			throw new InvalidEndpointException(name, "max-message-size", "must be between 1B and 2GB, was "
					+ p.getMaxMessageSize(), "Set it to the largest message you expect, e.g. 1MB");
		}
		return (int) bytes;
	}

	private static Set<PosixFilePermission> permissions(String name, String permissions) {
		try {
			return PosixFilePermissions.fromString(permissions);
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new InvalidEndpointException(name, "permissions", "'" + permissions + "' is not a permission string",
					"Write it as in ls -l, nine characters, e.g. rw------- or rw-rw----", ex);
		}
	}

	private static void require(String name, String property, String value, String problem, String action) {
		if (value == null || value.isBlank()) {
			throw new InvalidEndpointException(name, property, problem, action);
		}
	}

}
