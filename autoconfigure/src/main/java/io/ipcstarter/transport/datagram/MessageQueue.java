package io.ipcstarter.transport.datagram;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

import io.ipcstarter.nativeapi.posix.PosixMessageQueues;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * One open POSIX message queue descriptor, and what the {@code message-queue} server and
 * client share: the kernel's limits, the queue's message size, the opening (creating it
 * if missing) and the errors turned into messages.
 */
final class MessageQueue implements AutoCloseable {

	/** The kernel's largest {@code mq_maxmsg} for unprivileged users. */
	static final Path MSG_MAX = Path.of("/proc/sys/fs/mqueue/msg_max");

	/** The kernel's largest {@code mq_msgsize} for unprivileged users. */
	static final Path MSGSIZE_MAX = Path.of("/proc/sys/fs/mqueue/msgsize_max");

	/** {@code msgsize_max}'s default, used when /proc cannot be read. */
	private static final int DEFAULT_MSGSIZE_MAX = 8192;

	private final String name;

	private final int descriptor;

	private final long messageSize;

	private final long maxMessages;

	private final boolean created;

	private final Object lock = new Object();

	private boolean closed;

	private MessageQueue(String name, int descriptor, long maxMessages, long messageSize, boolean created) {
		this.name = name;
		this.descriptor = descriptor;
		this.maxMessages = maxMessages;
		this.messageSize = messageSize;
		this.created = created;
	}

	/**
	 * The largest message an endpoint takes, which is also the message size of a queue it
	 * creates: its {@code max-message-size}, except that the default (1 MiB, made for
	 * streams) means the kernel's {@code msgsize_max} (8192 bytes unless raised).
	 */
	static int limit(EndpointSpec spec) {
		int max = spec.maxMessageSize();
		return (max == EndpointSpec.DEFAULT_MAX_MESSAGE_SIZE)
				? Math.min(max, readLimit(MSGSIZE_MAX, DEFAULT_MSGSIZE_MAX)) : max;
	}

	/** A kernel limit from /proc, or {@code fallback} when it cannot be read. */
	static int readLimit(Path file, int fallback) {
		// line by line: /proc files report a size of 0, and Files.readString was seen to
		// return only the first byte
		try (BufferedReader reader = Files.newBufferedReader(file)) {
			String line = reader.readLine();
			return (line != null) ? Integer.parseInt(line.trim()) : fallback;
		}
		catch (IOException | NumberFormatException ex) {
			return fallback;
		}
	}

	/**
	 * Open the endpoint's queue for reading or writing, creating it with
	 * {@code max-messages}, the endpoint's {@linkplain #limit message size} and exactly
	 * its {@code permissions} when it does not exist yet. A queue that exists keeps its
	 * own attributes.
	 */
	static MessageQueue open(EndpointSpec spec, int maxMessages, boolean forReading) throws IOException {
		PosixMessageQueues mq = PosixMessageQueues.get();
		String name = spec.address();
		int access = (forReading ? PosixMessageQueues.O_RDONLY : PosixMessageQueues.O_WRONLY)
				| PosixMessageQueues.O_CLOEXEC;
		int size = limit(spec);
		int mode = mode(spec.permissions());
		boolean created = false;
		int fd;
		try (Memory attr = new Memory(PosixMessageQueues.MQ_ATTR_SIZE)) {
			attr.clear();
			attr.setNativeLong(PosixMessageQueues.MQ_MAXMSG_OFFSET, new NativeLong(maxMessages));
			attr.setNativeLong(PosixMessageQueues.MQ_MSGSIZE_OFFSET, new NativeLong(size));
			while (true) {
				// exclusive first, so we know whether it is ours to set the permissions
				// of
				fd = mq.mq_open(name, access | PosixMessageQueues.O_CREAT | PosixMessageQueues.O_EXCL, 0600, attr);
				if (fd >= 0) {
					created = true;
					break;
				}
				int errno = Native.getLastError();
				if (errno != PosixMessageQueues.EEXIST) {
					throw openFailed(spec, maxMessages, size, errno);
				}
				fd = mq.mq_open(name, access, 0, null);
				if (fd >= 0) {
					break;
				}
				errno = Native.getLastError();
				if (errno != PosixMessageQueues.ENOENT) {
					throw openFailed(spec, maxMessages, size, errno);
				}
				// removed between the two calls: create it after all
			}
			// exactly, whatever the umask
			if (created && mode != 0600 && mq.fchmod(fd, mode) != 0) {
				int errno = Native.getLastError();
				mq.mq_close(fd);
				throw new IpcException(ErrorReason.IO, "Cannot set the permissions of message queue " + name + ": "
						+ mq.strerror(errno) + " (errno " + errno + ")");
			}
			if (mq.mq_getattr(fd, attr) != 0) {
				int errno = Native.getLastError();
				mq.mq_close(fd);
				throw new IpcException(ErrorReason.IO, "Cannot read the attributes of message queue " + name + ": "
						+ mq.strerror(errno) + " (errno " + errno + ")");
			}
			return new MessageQueue(name, fd, attr.getNativeLong(PosixMessageQueues.MQ_MAXMSG_OFFSET).longValue(),
					attr.getNativeLong(PosixMessageQueues.MQ_MSGSIZE_OFFSET).longValue(), created);
		}
	}

	private static IpcException openFailed(EndpointSpec spec, int maxMessages, int size, int errno) {
		String cause = PosixMessageQueues.get().strerror(errno) + " (errno " + errno + ")";
		String what = "Cannot open message queue " + spec.address() + " of endpoint '" + spec.name() + "': " + cause;
		return switch (errno) {
			case PosixMessageQueues.EINVAL -> new IpcException(ErrorReason.IO,
					what + "; max-messages " + maxMessages + " or the message size " + size
							+ " is beyond the kernel's limits (fs.mqueue.msg_max " + readLimit(MSG_MAX, -1)
							+ ", fs.mqueue.msgsize_max " + readLimit(MSGSIZE_MAX, -1)
							+ "). Lower them, or raise the limits, e.g. sysctl fs.mqueue.msgsize_max=" + size);
			case PosixMessageQueues.EMFILE -> new IpcException(ErrorReason.IO, what + "; a queue of " + maxMessages
					+ " messages of " + size + " bytes would take more memory than this user may have in message "
					+ "queues (RLIMIT_MSGQUEUE, ulimit -q). Lower max-messages or max-message-size, or raise the limit");
			case PosixMessageQueues.ENOSPC -> new IpcException(ErrorReason.IO, what + "; the system has as many queues "
					+ "as fs.mqueue.queues_max allows. Remove unused queues, or raise it (sysctl fs.mqueue.queues_max)");
			case PosixMessageQueues.EACCES -> new IpcException(ErrorReason.IO,
					what + "; the queue exists and its permissions do not let this user in");
			default -> new IpcException(ErrorReason.IO, what);
		};
	}

	/** {@code mode_t} bits of a permission set. */
	static int mode(Set<PosixFilePermission> permissions) {
		int mode = 0;
		for (PosixFilePermission p : permissions) {
			// OWNER_READ is ordinal 0 and bit 0400, ... OTHERS_EXECUTE bit 01
			mode |= 1 << (8 - p.ordinal());
		}
		return mode;
	}

	String name() {
		return this.name;
	}

	/** The queue's {@code mq_msgsize}: no message in it is larger. */
	long messageSize() {
		return this.messageSize;
	}

	/** The queue's {@code mq_maxmsg}. */
	long maxMessages() {
		return this.maxMessages;
	}

	/** Whether this endpoint created the queue (rather than finding it). */
	boolean created() {
		return this.created;
	}

	int descriptor() {
		return this.descriptor;
	}

	/** Messages in the queue now ({@code mq_curmsgs}); -1 when closed or unknown. */
	long currentMessages() {
		synchronized (this.lock) { // never on a closed (and perhaps reused) descriptor
			if (this.closed) {
				return -1;
			}
			try (Memory attr = new Memory(PosixMessageQueues.MQ_ATTR_SIZE)) {
				if (PosixMessageQueues.get().mq_getattr(this.descriptor, attr) != 0) {
					return -1;
				}
				return attr.getNativeLong(PosixMessageQueues.MQ_CURMSGS_OFFSET).longValue();
			}
		}
	}

	/**
	 * Write an absolute CLOCK_REALTIME deadline this many milliseconds from now into a
	 * {@code struct timespec}.
	 */
	static void deadline(Pointer timespec, long millisFromNow) {
		long at = System.currentTimeMillis() + millisFromNow;
		// written as C longs without a NativeLong per field: this runs once per message
		setLong(timespec, 0, at / 1000);
		setLong(timespec, Native.LONG_SIZE, (at % 1000) * 1_000_000);
	}

	private static void setLong(Pointer memory, long offset, long value) {
		if (Native.LONG_SIZE == 8) {
			memory.setLong(offset, value);
		}
		else {
			memory.setInt(offset, (int) value);
		}
	}

	@Override
	public void close() {
		synchronized (this.lock) {
			if (!this.closed) {
				this.closed = true;
				PosixMessageQueues.get().mq_close(this.descriptor);
			}
		}
	}

}
