package io.ipcstarter.nativeapi.posix;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.jspecify.annotations.Nullable;

/**
 * The C library functions the transports call on Linux and macOS. Use {@link #get()},
 * which reports why the library is unavailable instead of throwing from a static
 * initialiser.
 */
public interface PosixLibC extends Library {

	/**
	 * {@code struct passwd *getpwnam(const char *name)}; not thread-safe: callers
	 * synchronise.
	 */
	@Nullable Pointer getpwnam(String name);

	/** {@code uid_t geteuid(void)}. */
	int geteuid();

	/** {@code int mkfifo(const char *path, mode_t mode)}. */
	int mkfifo(String path, int mode);

	/** {@code pid_t getpid(void)}. */
	int getpid();

	/**
	 * {@code int open(const char *path, int flags)}; -1 and {@code Native.getLastError()}
	 * on failure.
	 */
	int open(String path, int flags);

	/** {@code int close(int fd)}. */
	int close(int fd);

	/**
	 * {@code ssize_t write(int fd, const void *buf, size_t count)} (64-bit
	 * {@code ssize_t}/{@code size_t}).
	 */
	long write(int fd, Pointer buf, long count);

	/**
	 * {@code ssize_t read(int fd, void *buf, size_t count)} (64-bit
	 * {@code ssize_t}/{@code size_t}).
	 */
	long read(int fd, Pointer buf, long count);

	/**
	 * {@code int poll(struct pollfd *fds, nfds_t nfds, int timeout)}; see
	 * {@link PosixFlags#POLLFD_SIZE}.
	 */
	int poll(Pointer fds, long nfds, int timeoutMillis);

	/**
	 * Linux (glibc 2.28 and later): {@code int renameat2(int olddirfd, const char
	 * *oldpath, int newdirfd, const char *newpath, unsigned int flags)}; paths as
	 * NUL-terminated bytes. Absent elsewhere: calling it then throws
	 * {@link UnsatisfiedLinkError}.
	 */
	int renameat2(int olddirfd, byte[] oldpath, int newdirfd, byte[] newpath, int flags);

	/**
	 * macOS (10.12 and later): {@code int renamex_np(const char *from, const char *to,
	 * unsigned int flags)}; paths as NUL-terminated bytes. Absent elsewhere: calling it
	 * then throws {@link UnsatisfiedLinkError}.
	 */
	int renamex_np(byte[] from, byte[] to, int flags);

	/**
	 * {@code char *strerror(int errnum)}; not thread-safe on every libc, used only for
	 * messages.
	 */
	String strerror(int errnum);

	/**
	 * The loaded library, or an {@link UnsupportedOperationException} saying why there is
	 * none.
	 */
	static PosixLibC get() {
		return Holder.load();
	}

	/** Loads once; remembers a failure rather than crashing the class that asked. */
	final class Holder {

		private static @Nullable PosixLibC instance;

		private static @Nullable Throwable failure;

		private Holder() {
		}

		static synchronized PosixLibC load() {
			if (instance == null && failure == null) {
				try {
					if (Platform.isWindows()) {
						throw new UnsupportedOperationException("not a POSIX platform");
					}
					instance = Native.load(Platform.C_LIBRARY_NAME, PosixLibC.class);
				}
				catch (Throwable ex) { // UnsatisfiedLinkError, NoClassDefFoundError...
					failure = ex;
				}
			}
			if (instance == null) {
				throw new UnsupportedOperationException("The C library is not available here: " + failure, failure);
			}
			return instance;
		}

	}

}
