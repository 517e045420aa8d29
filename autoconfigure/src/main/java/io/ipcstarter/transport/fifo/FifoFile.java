package io.ipcstarter.transport.fifo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import com.sun.jna.Native;
import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixFlags;
import io.ipcstarter.nativeapi.posix.PosixLibC;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The FIFO special file: created owner-only (or with the endpoint's {@code permissions})
 * by the reading side, and removed by it on stop only if it is still the one it created.
 */
final class FifoFile {

	private final Path path;

	private @Nullable Object createdKey;

	FifoFile(Path path) {
		this.path = path;
	}

	Path path() {
		return this.path;
	}

	/**
	 * Create the FIFO, or reuse one that is already there; anything else at the path is
	 * an error.
	 */
	void create(Set<PosixFilePermission> permissions) throws IOException {
		Path parent = this.path.getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Files.createDirectories(parent,
					PosixFilePermissions.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ,
							PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
		}
		if (Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
			if (!isFifo(this.path)) {
				throw new IpcException(ErrorReason.IO,
						"Cannot use " + this.path + " as a FIFO: a file that is not a FIFO is there");
			}
			rejectIfRead();
			return; // made by a peer or a previous run: use it, leave it in place on stop
		}
		// mode 0600 first so the umask cannot widen it, then exactly the configured
		// permissions
		if (PosixLibC.get().mkfifo(this.path.toString(), 0600) != 0) {
			int errno = Native.getLastError();
			throw new IpcException(ErrorReason.IO,
					"mkfifo " + this.path + " failed: " + PosixLibC.get().strerror(errno) + " (errno " + errno + ")");
		}
		Files.setPosixFilePermissions(this.path, permissions);
		this.createdKey = Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
			.fileKey();
	}

	/**
	 * Two readers on one FIFO would steal each other's bytes. A non-blocking open for
	 * writing succeeds only when someone has the FIFO open for reading (it wakes a reader
	 * waiting for a writer, which just reopens).
	 */
	private void rejectIfRead() throws IOException {
		PosixLibC libc = PosixLibC.get();
		int fd = libc.open(this.path.toString(), PosixFlags.O_WRONLY | PosixFlags.O_NONBLOCK | PosixFlags.O_CLOEXEC);
		if (fd >= 0) {
			libc.close(fd);
			throw new IpcException(ErrorReason.IO,
					"Cannot read FIFO " + this.path + ": another process is reading it (address already in use)");
		}
	}

	/** Remove the FIFO if this endpoint created it and it is still that file. */
	void removeIfOurs() {
		if (this.createdKey == null) {
			return;
		}
		try {
			Object now = Files.readAttributes(this.path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
				.fileKey();
			if (Objects.equals(now, this.createdKey)) {
				Files.deleteIfExists(this.path);
			}
		}
		catch (IOException ex) {
			// already gone, or replaced by someone else's: not ours to remove
		}
	}

	static boolean isFifo(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & 0170000) == 0010000; // S_IFMT == S_IFIFO
	}

}
