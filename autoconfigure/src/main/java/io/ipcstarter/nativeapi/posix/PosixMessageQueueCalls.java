package io.ipcstarter.nativeapi.posix;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;

/**
 * The two per-message POSIX message queue functions, direct-mapped
 * ({@code Native.register}): a call goes straight to the C function, without the
 * reflection, boxing and argument conversion of an interface-mapped call through
 * {@link PosixMessageQueues}. Both take native memory only: a {@code byte[]} argument
 * would be copied into memory JNA allocates and copied back on every call. The functions
 * are registered by {@link PosixMessageQueues#get()}, from the same library; call them
 * only after it succeeded. {@code Native.getLastError()} reports {@code errno} after a
 * failed call, as after an interface-mapped one.
 */
public final class PosixMessageQueueCalls {

	private PosixMessageQueueCalls() {
	}

	/** Binds the methods below to {@code library}'s functions; called once. */
	static void register(NativeLibrary library) {
		Native.register(PosixMessageQueueCalls.class, library);
	}

	/**
	 * {@code int mq_timedsend(mqd_t, const char *msg, size_t len, unsigned prio, const struct timespec *abs)}:
	 * waits while the queue is full until {@code abs} (CLOCK_REALTIME), then fails with
	 * {@link PosixMessageQueues#ETIMEDOUT}.
	 */
	public static native int mq_timedsend(int mqdes, Pointer msg, long len, int prio, Pointer absTimeout);

	/**
	 * {@code ssize_t mq_timedreceive(mqd_t, char *msg, size_t len, unsigned *prio, const struct timespec *abs)}:
	 * the oldest message of the highest priority; {@code len} must be at least the
	 * queue's {@code mq_msgsize}.
	 */
	public static native long mq_timedreceive(int mqdes, Pointer msg, long len, Pointer prio, Pointer absTimeout);

}
