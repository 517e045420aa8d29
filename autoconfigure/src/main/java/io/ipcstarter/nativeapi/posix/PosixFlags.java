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
