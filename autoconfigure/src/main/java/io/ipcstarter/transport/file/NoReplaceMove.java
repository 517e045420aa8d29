package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

import com.sun.jna.Native;
import com.sun.jna.Platform;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;

/**
 * A rename that never replaces a file: one system call that fails when the target name is
 * taken, even by a file another process moves there at the same moment. A plain rename
 * ({@code rename(2)}, and {@code Files.move} with {@code ATOMIC_MOVE}, which is
 * {@code MoveFileEx} with {@code MOVEFILE_REPLACE_EXISTING} on Windows) replaces it, so
 * "check that the name is free, then rename" loses the file that arrived in between.
 * <ul>
 * <li>Linux: {@code renameat2(..., RENAME_NOREPLACE)} (kernel 3.15, glibc 2.28; ext4,
 * xfs, btrfs, tmpfs among others);</li>
 * <li>macOS: {@code renamex_np(..., RENAME_EXCL)} (10.12; APFS and HFS+);</li>
 * <li>Windows: {@code MoveFileEx} without {@code MOVEFILE_REPLACE_EXISTING}, which is
 * what {@code Files.move} without options does on one volume.</li>
 * </ul>
 * Where the call is missing or the file system refuses the flag (an NFS mount, an old
 * kernel or C library), it falls back to checking the name, then renaming: the old
 * behaviour, which leaves a window of a few microseconds.
 */
final class NoReplaceMove {

	/** The encoding the JDK uses for file names, so the bytes name the same file. */
	private static final Charset FILE_NAMES = fileNameCharset();

	/** Whether the native call is known to be missing here (then: the fallback). */
	private static volatile boolean missing = !Platform.isLinux() && !Platform.isMac();

	private NoReplaceMove() {
	}

	/**
	 * Rename {@code source} to {@code target} (in the same file system) unless
	 * {@code target} exists.
	 * @throws FileAlreadyExistsException when {@code target} exists
	 * @throws NoSuchFileException when {@code source} is gone (another reader took it)
	 */
	static void move(Path source, Path target) throws IOException {
		if (SharedDirectory.isWindows()) {
			Files.move(source, target);
			return;
		}
		if (!missing && moveNatively(source, target)) {
			return;
		}
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			throw new FileAlreadyExistsException(target.toString());
		}
		Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * @return {@code false} when this system or file system cannot do it (the caller
	 * falls back)
	 */
	private static boolean moveNatively(Path source, Path target) throws IOException {
		PosixLibC libc;
		int result;
		try {
			libc = PosixLibC.get();
			result = Platform.isMac() ? libc.renamex_np(bytes(source), bytes(target), PosixFlags.RENAME_EXCL)
					: libc.renameat2(PosixFlags.AT_FDCWD, bytes(source), PosixFlags.AT_FDCWD, bytes(target),
							PosixFlags.RENAME_NOREPLACE);
		}
		catch (UnsatisfiedLinkError | UnsupportedOperationException ex) {
			missing = true;
			return false;
		}
		if (result == 0) {
			return true;
		}
		int errno = Native.getLastError();
		if (errno == PosixFlags.EEXIST) {
			throw new FileAlreadyExistsException(target.toString());
		}
		if (errno == PosixFlags.ENOENT) {
			throw new NoSuchFileException(source.toString());
		}
		if (errno == PosixFlags.EXDEV) {
			throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), "not one file system");
		}
		if (errno == PosixFlags.ENOSYS) {
			missing = true;
			return false;
		}
		if (errno == PosixFlags.EINVAL || errno == PosixFlags.ENOTSUP) {
			return false; // this file system only
		}
		throw new IOException("Could not rename " + source + " to " + target + ": " + libc.strerror(errno) + " (errno "
				+ errno + ")");
	}

	/** The path as the NUL-terminated bytes the C library takes. */
	private static byte[] bytes(Path path) {
		byte[] name = path.toString().getBytes(FILE_NAMES);
		return Arrays.copyOf(name, name.length + 1);
	}

	private static Charset fileNameCharset() {
		try {
			return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
		}
		catch (IllegalArgumentException ex) {
			return Charset.defaultCharset();
		}
	}

}
