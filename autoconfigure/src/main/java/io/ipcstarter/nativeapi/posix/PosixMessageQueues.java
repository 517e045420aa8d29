package io.ipcstarter.nativeapi.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The POSIX message queue functions ({@code mq_overview(7)}), Linux only: in the C
 * library since glibc 2.34, in {@code librt} before. A message queue descriptor
 * ({@code mqd_t}) is an {@code int} on Linux (a file descriptor). Use {@link #get()},
 * which reports why the functions are unavailable instead of throwing from a static
 * initialiser. The per-message functions, {@code mq_timedsend} and
 * {@code mq_timedreceive}, are in {@link PosixMessageQueueCalls}, direct-mapped.
 */
public interface PosixMessageQueues extends Library {

	/** {@code O_RDONLY}. */
	int O_RDONLY = 0;

	/** {@code O_WRONLY}. */
	int O_WRONLY = 1;

	/** {@code O_CREAT} (Linux). */
	int O_CREAT = 0100;

	/** {@code O_EXCL} (Linux). */
	int O_EXCL = 0200;

	/** {@code O_CLOEXEC} (Linux). */
	int O_CLOEXEC = 02000000;

	/** {@code ENOENT}. */
	int ENOENT = 2;

	/** {@code EACCES}. */
	int EACCES = 13;

	/** {@code EEXIST}. */
	int EEXIST = 17;

	/** {@code EINTR}. */
	int EINTR = 4;

	/** {@code EINVAL}: among others, attributes beyond the kernel's limits. */
	int EINVAL = 22;

	/**
	 * {@code EMFILE}: among others, the user's RLIMIT_MSGQUEUE (bytes of all their
	 * queues) would be exceeded.
	 */
	int EMFILE = 24;

	/**
	 * {@code ENOSPC}: the system-wide number of queues ({@code fs.mqueue.queues_max}) is
	 * reached.
	 */
	int ENOSPC = 28;

	/** {@code ETIMEDOUT} (Linux). */
	int ETIMEDOUT = 110;

	/** {@code EMSGSIZE} (Linux). */
	int EMSGSIZE = 90;

	/** {@code MQ_PRIO_MAX} on Linux: priorities are 0 to 32767. */
	int MQ_PRIO_MAX = 32768;

	/**
	 * {@code sizeof(struct mq_attr)}: four {@code long}s and four {@code long}s of
	 * padding.
	 */
	int MQ_ATTR_SIZE = 8 * Native.LONG_SIZE;

	/**
	 * Offset of {@code mq_maxmsg} in {@code struct mq_attr} ({@code mq_flags} comes
	 * first).
	 */
	int MQ_MAXMSG_OFFSET = Native.LONG_SIZE;

	/** Offset of {@code mq_msgsize} in {@code struct mq_attr}. */
	int MQ_MSGSIZE_OFFSET = 2 * Native.LONG_SIZE;

	/** Offset of {@code mq_curmsgs} in {@code struct mq_attr}. */
	int MQ_CURMSGS_OFFSET = 3 * Native.LONG_SIZE;

	/** {@code sizeof(struct timespec)} on LP64: {@code time_t tv_sec; long tv_nsec}. */
	int TIMESPEC_SIZE = 2 * Native.LONG_SIZE;

	/**
	 * {@code mqd_t mq_open(const char *name, int oflag, mode_t mode, struct mq_attr *attr)}
	 * (the variadic form with {@code O_CREAT}; {@code mode} and {@code attr} are ignored
	 * without it); -1 and errno on failure.
	 */
	int mq_open(String name, int oflag, int mode, @Nullable Pointer attr);

	/** {@code int mq_close(mqd_t mqdes)}. */
	int mq_close(int mqdes);

	/** {@code int mq_unlink(const char *name)}. */
	int mq_unlink(String name);

	/** {@code int mq_getattr(mqd_t mqdes, struct mq_attr *attr)}. */
	int mq_getattr(int mqdes, Pointer attr);

	/**
	 * {@code int fchmod(int fd, mode_t mode)}: a queue's descriptor is a file descriptor
	 * on Linux.
	 */
	int fchmod(int fd, int mode);

	/** {@code char *strerror(int errnum)}; used only for messages. */
	String strerror(int errnum);

	/**
	 * The loaded functions, or an {@link UnsupportedOperationException} saying why there
	 * are none.
	 */
	static PosixMessageQueues get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable PosixMessageQueues instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized PosixMessageQueues load() {
			if (instance == null && failure == null) {
				try {
					if (!Platform.isLinux()) {
						throw new UnsupportedOperationException("POSIX message queues are used on Linux only");
					}
					String library = library();
					PosixMessageQueues loaded = Native.load(library, PosixMessageQueues.class);
					PosixMessageQueueCalls.register(NativeLibrary.getInstance(library));
					instance = loaded;
				}
				catch (Throwable ex) { // UnsatisfiedLinkError, NoClassDefFoundError...
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("POSIX message queues are not available here: " + failure,
						failure);
			}
			return instance;
		}

		/**
		 * The C library when it has {@code mq_open} (glibc 2.34 and later, musl), else
		 * {@code librt}.
		 */
		private static String library() {
			try {
				NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("mq_open");
				return Platform.C_LIBRARY_NAME;
			}
			catch (UnsatisfiedLinkError ex) {
				return "rt";
			}
		}

	}

}
