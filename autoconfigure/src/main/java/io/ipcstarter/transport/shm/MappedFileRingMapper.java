package io.ipcstarter.transport.shm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * Maps a ring from a file ({@code /dev/shm/NAME} on Linux, or any path). A new ring is
 * built in a temporary file beside its final name and then hard-linked into place, so no
 * process ever maps a half-initialised ring and two processes creating the same ring at
 * once end up sharing one.
 */
final class MappedFileRingMapper implements RingMapper {

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	@Override
	public RingMemory openOrCreate(String location, int size, Set<PosixFilePermission> permissions,
			Consumer<ByteBuffer> initializer) throws IOException {
		Path path = Path.of(location);
		RingMemory existing = open(path, true);
		if (existing != null) {
			return existing;
		}
		createParent(path.toAbsolutePath().getParent());
		Path temporary = path.resolveSibling(path.getFileName() + ".init-" + ProcessHandle.current().pid() + "-"
				+ Long.toHexString(System.nanoTime()));
		try {
			createOwnerOnly(temporary, permissions);
			MappedByteBuffer buffer;
			try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
				buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
			}
			initializer.accept(buffer);
			try {
				Files.createLink(path, temporary);
			}
			catch (FileAlreadyExistsException ex) {
				// another process created it first: use theirs
				RingMemory theirs = open(path, true);
				if (theirs == null) {
					throw new IpcException(ErrorReason.IO,
							"Ring file " + path + " appeared and vanished while creating it");
				}
				return theirs;
			}
			catch (UnsupportedOperationException ex) {
				// no hard links here: a non-replacing move still refuses a racer's file
				Files.move(temporary, path);
			}
			return () -> buffer;
		}
		finally {
			Files.deleteIfExists(temporary);
		}
	}

	@Override
	public @Nullable RingMemory openExisting(String location) throws IOException {
		// a producer trusts the file's permissions: a group-shared ring (permissions
		// rw-rw----) has another owner
		return open(Path.of(location), false);
	}

	/**
	 * @param checkOwner whether to refuse a file another user owns (the consumer, which
	 * reads what is in it)
	 */
	private static @Nullable RingMemory open(Path path, boolean checkOwner) throws IOException {
		FileChannel channel;
		try {
			channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		try (channel) {
			if (checkOwner) {
				checkOwner(path);
			}
			long size = channel.size();
			if (size < RingLayout.HEADER_LENGTH || size > RingLayout.HEADER_LENGTH + (long) RingLayout.MAX_CAPACITY) {
				throw new IpcException(ErrorReason.DECODE,
						"Refusing the shared-memory ring " + path + ": its size " + size
								+ " bytes cannot be a ring (header " + RingLayout.HEADER_LENGTH + " + a capacity of "
								+ RingLayout.MIN_CAPACITY + ".." + RingLayout.MAX_CAPACITY + ")");
			}
			MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, size);
			return () -> buffer;
		}
	}

	@Override
	public void delete(String location) {
		try {
			Files.deleteIfExists(Path.of(location));
		}
		catch (IOException ex) {
			// best effort: a leftover reply ring is swept by the next client
		}
	}

	@Override
	public String describe(String location) {
		return location;
	}

	/** A ring file someone else owns could be a trap laid for our messages: refuse it. */
	private static void checkOwner(Path path) throws IOException {
		if (!POSIX) {
			return;
		}
		UserPrincipal owner = Files.getOwner(path);
		UserPrincipal me = path.getFileSystem()
			.getUserPrincipalLookupService()
			.lookupPrincipalByName(System.getProperty("user.name"));
		if (!owner.equals(me)) {
			throw new IpcException(ErrorReason.PEER_REJECTED, "Refusing the shared-memory ring " + path
					+ ": it belongs to " + owner.getName() + ", not to " + me.getName());
		}
	}

	private static void createOwnerOnly(Path file, Set<PosixFilePermission> permissions) throws IOException {
		if (!POSIX) {
			Files.createFile(file);
			return;
		}
		Files.createFile(file, PosixFilePermissions
			.asFileAttribute(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)));
		Files.setPosixFilePermissions(file, permissions); // exact, whatever the umask
	}

	private static void createParent(@Nullable Path dir) throws IOException {
		if (dir == null || Files.isDirectory(dir)) {
			return;
		}
		if (POSIX) {
			Files.createDirectories(dir,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		else {
			Files.createDirectories(dir);
		}
	}

}
