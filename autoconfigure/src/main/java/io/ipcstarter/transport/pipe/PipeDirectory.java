package io.ipcstarter.transport.pipe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.nativeapi.posix.PosixUsers;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Where named pipes live on Linux and macOS: a per-user, owner-only directory holding one
 * Unix domain socket per pipe, {@code <directory>/<name>.sock}. The directory is
 * {@code $XDG_RUNTIME_DIR/ipc-pipes} when {@code XDG_RUNTIME_DIR} is set (systemd's
 * per-user runtime directory), else {@code /tmp/ipc-pipes-<uid>}. Because {@code /tmp} is
 * shared, a directory that exists but is not owned by us, or is open to group or others,
 * is refused: someone else could otherwise plant a socket under our pipe's name.
 */
final class PipeDirectory {

	private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);

	private final Path directory;

	PipeDirectory(Path directory) {
		this.directory = directory;
	}

	/** The configured directory, or the default for this user. */
	static PipeDirectory of(@Nullable NamedPipeOptions options) {
		if (options != null && options.getDirectory() != null && !options.getDirectory().isBlank()) {
			return new PipeDirectory(Path.of(options.getDirectory()).toAbsolutePath());
		}
		String runtime = System.getenv("XDG_RUNTIME_DIR");
		if (runtime != null && !runtime.isBlank() && Files.isDirectory(Path.of(runtime))) {
			return new PipeDirectory(Path.of(runtime, "ipc-pipes"));
		}
		return new PipeDirectory(Path.of("/tmp", "ipc-pipes-" + PosixUsers.currentUid()));
	}

	Path socketPath(String pipeName) {
		return this.directory.resolve(pipeName + ".sock");
	}

	Path path() {
		return this.directory;
	}

	/**
	 * Make sure the directory exists, is ours and owner-only.
	 * @param create whether to create a missing directory (the listening side does; a
	 * client only checks)
	 */
	void secure(boolean create) throws IOException {
		if (!Files.exists(this.directory, LinkOption.NOFOLLOW_LINKS)) {
			if (!create) {
				// nothing to trust or distrust yet: connecting will fail and be retried
				return;
			}
			try {
				Files.createDirectories(this.directory, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
			}
			catch (java.nio.file.FileAlreadyExistsException ex) {
				// created concurrently by another endpoint: checked below like any
				// existing directory
			}
		}
		if (!Files.isDirectory(this.directory, LinkOption.NOFOLLOW_LINKS)) {
			throw new IpcException(ErrorReason.IO, "Named pipe directory " + this.directory + " is not a directory");
		}
		int owner = (Integer) Files.getAttribute(this.directory, "unix:uid", LinkOption.NOFOLLOW_LINKS);
		Integer me = PosixUsers.currentUid();
		if (me != null && owner != me) {
			throw new IpcException(ErrorReason.IO, "Named pipe directory " + this.directory + " belongs to uid " + owner
					+ ", not to us (uid " + me + "); refusing to use it");
		}
		Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(this.directory, LinkOption.NOFOLLOW_LINKS);
		if (!OWNER_ONLY.containsAll(permissions)) {
			throw new IpcException(ErrorReason.IO, "Named pipe directory " + this.directory + " is open to others ("
					+ PosixFilePermissions.toString(permissions) + "); make it rwx------ or remove it");
		}
	}

}
