package io.ipcstarter.transport.datagram;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code mailslot} (Windows): each message is one mailslot message. The
 * {@code inbound} side owns the mailslot {@code \\.\mailslot\NAME} (created for the
 * current user only, unless {@code permissions} opens it to others); the {@code outbound}
 * side writes to it, or with {@code *\NAME} to every mailslot of that name in the domain
 * (at most {@value #MAX_REMOTE} bytes a message). One-way by design: no gateways.
 * Delivery is at most once: a message to a mailslot nobody owns fails at the writer, but
 * one written to a domain is not confirmed by anyone.
 */
public final class MailslotTransport implements IpcTransport {

	/**
	 * Our cap for a local mailslot message, and what the default {@code max-message-size}
	 * (1 MiB) becomes.
	 */
	static final int MAX_LOCAL = 64 * 1024;

	/**
	 * Largest message Windows sends to other computers' mailslots (a domain or
	 * {@code *}).
	 */
	static final int MAX_REMOTE = 424;

	@Override
	public String id() {
		return "mailslot";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public String roleRefusal(Role role) {
		return "a mailslot is one-way by design (its reader cannot answer the writer); use transport named-pipe for "
				+ "request/reply";
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isWindows() ? null
				: "mailslots exist only on Windows; use transport message-queue (a POSIX message queue, Linux) or "
						+ "udp (datagrams, everywhere) for one-way messages";
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		if (spec.role().isGateway()) {
			throw new InvalidEndpointException(spec.name(), "role",
					"transport 'mailslot' cannot be " + spec.role().id() + ": " + roleRefusal(spec.role()),
					"Set it to inbound or outbound");
		}
		MailslotName name = MailslotName.of(spec);
		if (spec.role().isInbound() && name.remote()) {
			throw new InvalidEndpointException(spec.name(), "address",
					"a mailslot is created on this computer only, " + "'" + spec.address() + "' names " + name.host(),
					"Set it to the bare name, e.g. " + name.path());
		}
		if (spec.maxMessageSize() > MAX_LOCAL && spec.maxMessageSize() != EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) {
			throw new InvalidEndpointException(spec.name(), "max-message-size",
					"a mailslot message carries at most " + MAX_LOCAL + " bytes here, " + spec.maxMessageSize()
							+ " were asked for",
					"Set it to 64KB or less, or use transport named-pipe for larger messages");
		}
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(spec.name(), "allowed-uids",
					"a mailslot cannot tell which user wrote a message",
					"Remove allowed-uids; the mailslot's own DACL admits the current user only");
		}
	}

	@Override
	public BacklogReporting backlogReporting(EndpointSpec spec) {
		return new BacklogReporting(BacklogReporting.MESSAGES, false);
	}

	/** The reader waits in {@code ReadFile} through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		boolean openToOthers = spec.permissions().contains(PosixFilePermission.GROUP_WRITE)
				|| spec.permissions().contains(PosixFilePermission.OTHERS_WRITE);
		return new MailslotServer(spec, MailslotName.of(spec), limit(spec), openToOthers);
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new MailslotClient(spec, MailslotName.of(spec), limit(spec));
	}

	/**
	 * The largest message an endpoint takes: its {@code max-message-size}, except that
	 * the default (1 MiB, made for streams) means {@value #MAX_LOCAL}; writes to other
	 * computers at most {@value #MAX_REMOTE}.
	 */
	static int limit(EndpointSpec spec) {
		int max = spec.maxMessageSize();
		int limit = (max == EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE) ? MAX_LOCAL : Math.min(max, MAX_LOCAL);
		return MailslotName.of(spec).remote() ? Math.min(limit, MAX_REMOTE) : limit;
	}

}
