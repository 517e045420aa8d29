package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import com.sun.jna.Platform;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;

/**
 * Transport {@code message-queue}: a POSIX message queue ({@code mq_overview(7)}) named
 * by {@code address} ({@code /orders}), Linux only. Each message is one queue message,
 * with no framing. Both sides create the queue when it is missing (owner-only unless
 * {@code permissions} says otherwise, {@code max-messages} deep, messages of the
 * endpoint's {@link MessageQueue#limit size}), so either may start first; the queue lives
 * in the kernel until it is unlinked, which this transport never does: messages sent
 * survive the sender's and the reader's crash until read, and several {@code inbound}
 * endpoints may compete for one queue. The gateway roles are refused: a queue has no way
 * back to one caller.
 */
public final class MessageQueueTransport implements IpcTransport {

	/** Longest queue name the kernel takes after the leading slash (NAME_MAX). */
	static final int MAX_NAME_LENGTH = 255;

	@Override
	public String id() {
		return "message-queue";
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.of(Role.INBOUND, Role.OUTBOUND);
	}

	@Override
	public Class<MessageQueueOptions> optionsType() {
		return MessageQueueOptions.class;
	}

	@Override
	public @Nullable String unsupportedReason() {
		return Platform.isLinux() ? null
				: "POSIX message queues are used on Linux only; use transport udp or unix-socket, which work on every "
						+ "system";
	}

	@Override
	public String roleRefusal(Role role) {
		return "a POSIX queue is one-way, with no way back to one caller; use unix-socket or named-pipe for "
				+ "request/reply";
	}

	@Override
	public void validate(EndpointSpec spec) throws InvalidEndpointException {
		String name = spec.name();
		if (!roles().contains(spec.role())) {
			throw new InvalidEndpointException(name, "role",
					"transport 'message-queue' cannot be " + spec.role().id() + ": " + roleRefusal(spec.role()),
					"Set it to inbound or outbound");
		}
		checkName(spec);
		if (!spec.allowedUids().isEmpty()) {
			throw new InvalidEndpointException(name, "allowed-uids",
					"a POSIX message queue does not tell which user sent a message",
					"Remove allowed-uids and let the queue's permissions decide, or use transport unix-socket");
		}
		MessageQueueOptions options = options(spec);
		if (options.getPriority() < 0 || options.getPriority() >= PosixMessageQueues.MQ_PRIO_MAX) {
			throw new InvalidEndpointException(name, "message-queue.priority",
					"must be 0 to " + (PosixMessageQueues.MQ_PRIO_MAX - 1) + ", was " + options.getPriority(),
					"Set it to 0 (the lowest) or a higher priority");
		}
		if (options.getMaxMessages() < 1) {
			throw new InvalidEndpointException(name, "message-queue.max-messages",
					"must be at least 1, was " + options.getMaxMessages(), "Set it to e.g. 10");
		}
		checkKernelLimits(spec, options);
	}

	private static void checkName(EndpointSpec spec) {
		String address = spec.address();
		if (!address.startsWith("/") || address.length() < 2 || address.indexOf('/', 1) >= 0
				|| address.indexOf('\0') >= 0) {
			throw new InvalidEndpointException(spec.name(), "address",
					"'" + address + "' is not a POSIX message "
							+ "queue name: one leading slash, then a name without slashes",
					"Set it to e.g. /" + spec.name());
		}
		if (address.substring(1).getBytes(StandardCharsets.UTF_8).length > MAX_NAME_LENGTH) {
			throw new InvalidEndpointException(spec.name(), "address",
					"the queue name is longer than " + MAX_NAME_LENGTH + " bytes", "Use a shorter name");
		}
		if (address.equals("/.") || address.equals("/..")) {
			throw new InvalidEndpointException(spec.name(), "address", "'" + address + "' cannot name a queue",
					"Set it to e.g. /" + spec.name());
		}
	}

	/**
	 * The queue an endpoint may create must fit the kernel's limits for unprivileged
	 * users, read from /proc; checked here, at start-up, rather than left to
	 * {@code mq_open}, which lets a privileged process (root) go beyond them and so would
	 * fail only where the application runs without privileges.
	 */
	private static void checkKernelLimits(EndpointSpec spec, MessageQueueOptions options) {
		int msgMax = MessageQueue.readLimit(MessageQueue.MSG_MAX, -1);
		if (msgMax > 0 && options.getMaxMessages() > msgMax) {
			throw new InvalidEndpointException(spec.name(), "message-queue.max-messages",
					"the kernel allows queues of " + "at most " + msgMax + " messages (" + MessageQueue.MSG_MAX + "), "
							+ options.getMaxMessages() + " were asked for",
					"Set it to " + msgMax + " or less, or raise the limit: sysctl fs.mqueue.msg_max="
							+ options.getMaxMessages());
		}
		int sizeMax = MessageQueue.readLimit(MessageQueue.MSGSIZE_MAX, -1);
		if (sizeMax > 0 && spec.maxMessageSize() != EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE
				&& spec.maxMessageSize() > sizeMax) {
			throw new InvalidEndpointException(spec.name(), "max-message-size",
					"the kernel allows queue messages of " + "at most " + sizeMax + " bytes ("
							+ MessageQueue.MSGSIZE_MAX + "), " + spec.maxMessageSize() + " were asked for",
					"Set it to " + sizeMax + "B or less, or raise the limit: " + "sysctl fs.mqueue.msgsize_max="
							+ spec.maxMessageSize());
		}
	}

	/** Messages waiting in the queue; a queue message carries no time, so no age. */
	@Override
	public BacklogReporting backlogReporting(EndpointSpec spec) {
		return new BacklogReporting(BacklogReporting.MESSAGES, false);
	}

	/** The reader waits in {@code mq_timedreceive} through JNA. */
	@Override
	public boolean blocksInNativeCalls(EndpointSpec spec) {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new MessageQueueServer(spec, options(spec));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new MessageQueueClient(spec, options(spec));
	}

	private static MessageQueueOptions options(EndpointSpec spec) {
		MessageQueueOptions options = spec.option(MessageQueueOptions.class);
		return (options != null) ? options : new MessageQueueOptions();
	}

}
