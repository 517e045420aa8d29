package io.ipcstarter.nativeapi.posix;

import com.sun.jna.Platform;

/**
 * The flag and errno values {@link PosixLibC} callers need, which differ between Linux
 * and macOS.
 */
public final class PosixFlags {

	/** {@code O_RDONLY}. */
	public static final int O_RDONLY = 0;

	/** {@code O_WRONLY}. */
	public static final int O_WRONLY = 1;

	/** {@code O_NONBLOCK}: 04000 on Linux, 0x4 on macOS. */
	public static final int O_NONBLOCK = Platform.isMac() ? 0x4 : 04000;

	/** {@code O_CLOEXEC}: 02000000 on Linux, 0x1000000 on macOS. */
	public static final int O_CLOEXEC = Platform.isMac() ? 0x1000000 : 02000000;

	/** {@code EINTR}. */
	public static final int EINTR = 4;

	/** {@code ENOENT}. */
	public static final int ENOENT = 2;

	/** {@code ENXIO}: a non-blocking open of a FIFO for writing found no reader. */
	public static final int ENXIO = 6;

	/** {@code EAGAIN}: 11 on Linux, 35 on macOS. */
	public static final int EAGAIN = Platform.isMac() ? 35 : 11;

	/** {@code EPIPE}: nobody reads any more. */
	public static final int EPIPE = 32;

	/** {@code EEXIST}: the name is taken. */
	public static final int EEXIST = 17;

	/** {@code EXDEV}: not on the same file system. */
	public static final int EXDEV = 18;

	/**
	 * {@code EINVAL}: among others, a flag the file system does not support (Linux's
	 * {@code renameat2} on a file system without {@code RENAME_NOREPLACE}).
	 */
	public static final int EINVAL = 22;

	/** {@code ENOSYS}: no such system call: 38 on Linux, 78 on macOS. */
	public static final int ENOSYS = Platform.isMac() ? 78 : 38;

	/** {@code ENOTSUP}/{@code EOPNOTSUPP}: 95 on Linux, 45 on macOS. */
	public static final int ENOTSUP = Platform.isMac() ? 45 : 95;

	/** {@code AT_FDCWD} on Linux: a path relative to the working directory. */
	public static final int AT_FDCWD = -100;

	/** Linux {@code renameat2} flag: fail with {@code EEXIST} rather than replace. */
	public static final int RENAME_NOREPLACE = 1;

	/** macOS {@code renamex_np} flag: fail with {@code EEXIST} rather than replace. */
	public static final int RENAME_EXCL = 0x4;

	/** {@code POLLIN}. */
	public static final short POLLIN = 0x1;

	/** {@code POLLOUT}. */
	public static final short POLLOUT = 0x4;

	/** {@code POLLERR}. */
	public static final short POLLERR = 0x8;

	/** {@code POLLHUP}. */
	public static final short POLLHUP = 0x10;

	/** {@code sizeof(struct pollfd)}: {@code int fd; short events; short revents}. */
	public static final int POLLFD_SIZE = 8;

	/**
	 * {@code PIPE_BUF}: the largest write to a pipe or FIFO the OS keeps in one piece
	 * when several processes write at once (POSIX guarantees at least 512): 4096 on
	 * Linux, 512 on macOS.
	 */
	public static final int PIPE_BUF = Platform.isMac() ? 512 : 4096;

	private PosixFlags() {
	}

}
