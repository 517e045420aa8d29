package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * One reader's folder in {@code cur/}: the reader claims a message by renaming it here,
 * which succeeds for exactly one of several competing readers and needs no lock on the
 * message.
 * <p>
 * A reader holds an OS lock on {@code cur/<id>.lock} while it lives; the OS drops it when
 * the process dies, even by {@code kill -9}. Any reader that can take the lock of another
 * reader's folder therefore knows that reader is gone, and puts the messages it had
 * claimed back into the inbox (at-least-once: a message whose handling had finished but
 * whose file was not yet removed is delivered again).
 */
final class ClaimFolder implements AutoCloseable {

	private static final String LOCK_SUFFIX = ".lock";

	/**
	 * Lock files held by readers in this JVM. POSIX record locks belong to the process:
	 * closing any channel on a locked file would drop a sibling reader's lock, so a
	 * recovering reader never opens these.
	 */
	private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

	private final SharedDirectory directory;

	private final Path folder;

	private final Path lockFile;

	private final FileChannel lockChannel;

	private ClaimFolder(SharedDirectory directory, Path folder, Path lockFile, FileChannel lockChannel) {
		this.directory = directory;
		this.folder = folder;
		this.lockFile = lockFile;
		this.lockChannel = lockChannel;
	}

	/**
	 * Take a new folder: lock first, then the folder, so a folder without a lock file is
	 * always abandoned.
	 */
	static ClaimFolder create(SharedDirectory directory) throws IOException {
		String id = ProcessHandle.current().pid() + "-" + Long.toHexString(new SecureRandom().nextLong() >>> 1);
		Path lockFile = directory.cur().resolve(id + LOCK_SUFFIX);
		FileChannel channel = FileChannel.open(lockFile,
				Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
				directory.fileAttributes());
		try {
			channel.lock();
			HELD_HERE.add(lockFile);
			Path folder = directory.cur().resolve(id);
			directory.createFolder(folder);
			return new ClaimFolder(directory, folder, lockFile, channel);
		}
		catch (IOException | RuntimeException ex) {
			HELD_HERE.remove(lockFile);
			channel.close();
			Files.deleteIfExists(lockFile);
			throw ex;
		}
	}

	Path folder() {
		return this.folder;
	}

	/**
	 * Claim a message by renaming it into this folder under {@code name}, its own name
	 * or, for a name that is not {@link FileNames#isClaimable claimable}, a safe one.
	 * @return its new path, or {@code null} when another reader claimed it first
	 */
	@Nullable Path claim(Path message, String name) throws IOException {
		// the caller checked: defence in depth
		Path claimed = FileNames.resolveClaimable(this.folder, name);
		try {
			// a plain rename: only this reader's one thread moves files into its folder,
			// so nothing can take the name between a check and the move
			SharedDirectory.moveAtomically(message, claimed);
			return claimed;
		}
		catch (NoSuchFileException ex) {
			return null;
		}
	}

	/**
	 * Put back into the inbox what readers that are gone had claimed, and remove their
	 * folders.
	 * @return how many messages were put back
	 */
	int recoverAbandoned() throws IOException {
		int recovered = 0;
		try (DirectoryStream<Path> entries = Files.newDirectoryStream(this.directory.cur())) {
			for (Path entry : entries) {
				String name = FileNames.nameOf(entry);
				if (entry.equals(this.folder) || name.endsWith(LOCK_SUFFIX)
						|| !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
					continue;
				}
				recovered += recoverIfAbandoned(entry, this.directory.cur().resolve(name + LOCK_SUFFIX));
			}
		}
		removeOrphanLocks();
		return recovered;
	}

	private int recoverIfAbandoned(Path folder, Path lockFile) throws IOException {
		if (HELD_HERE.contains(lockFile)) {
			return 0;
		}
		if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
			// its owner removed the lock last, or a recovering reader crashed half-way
			return putBack(folder);
		}
		try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
			FileLock lock = channel.tryLock();
			if (lock == null) {
				return 0; // its reader is alive
			}
			int recovered = putBack(folder);
			Files.deleteIfExists(lockFile);
			return recovered;
		}
		catch (NoSuchFileException ex) {
			return 0; // another reader recovered it meanwhile
		}
		catch (OverlappingFileLockException ex) {
			return 0; // held in this JVM after all
		}
	}

	private int putBack(Path folder) throws IOException {
		int recovered = 0;
		try (DirectoryStream<Path> messages = Files.newDirectoryStream(folder)) {
			for (Path message : messages) {
				try {
					// never replacing a message of the same name (legacy names
					// repeat) that another recovering reader put back, or a writer
					// wrote, at the same moment
					SharedDirectory.moveToFreeName(message, this.directory.inbox(), FileNames.nameOf(message));
					recovered++;
				}
				catch (NoSuchFileException ex) {
					// taken by another recovering reader
				}
			}
		}
		catch (NoSuchFileException ex) {
			return recovered;
		}
		SharedDirectory.forceDirectory(this.directory.inbox());
		try {
			Files.deleteIfExists(folder);
		}
		catch (IOException ex) {
			// not empty: another reader is putting back the rest
		}
		return recovered;
	}

	/**
	 * Lock files whose folder is gone (a recovering reader died between the two
	 * deletions).
	 */
	private void removeOrphanLocks() throws IOException {
		try (DirectoryStream<Path> locks = Files.newDirectoryStream(this.directory.cur(), "*" + LOCK_SUFFIX)) {
			for (Path lockFile : locks) {
				String name = FileNames.nameOf(lockFile);
				Path folder = this.directory.cur().resolve(name.substring(0, name.length() - LOCK_SUFFIX.length()));
				if (HELD_HERE.contains(lockFile) || Files.exists(folder, LinkOption.NOFOLLOW_LINKS)
						|| !isOlderThanAMinute(lockFile)) {
					// a young lock may belong to a reader between creating its lock and
					// its folder
					continue;
				}
				try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
					if (channel.tryLock() != null) {
						Files.deleteIfExists(lockFile);
					}
				}
				catch (NoSuchFileException | OverlappingFileLockException ex) {
					// gone already, or held here
				}
			}
		}
	}

	private static boolean isOlderThanAMinute(Path file) throws IOException {
		try {
			return System.currentTimeMillis()
					- Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toMillis() > 60_000;
		}
		catch (NoSuchFileException ex) {
			return false;
		}
	}

	/**
	 * Give up the folder: put back what is still claimed (nothing after a clean stop),
	 * then unlock.
	 */
	@Override
	public void close() {
		try {
			putBack(this.folder);
		}
		catch (IOException ex) {
			// left for the next reader's recovery: our lock is about to go
		}
		try {
			Files.deleteIfExists(this.lockFile);
			this.lockChannel.close();
		}
		catch (IOException ex) {
			// the lock goes with the process anyway
		}
		finally {
			HELD_HERE.remove(this.lockFile);
		}
	}

}
