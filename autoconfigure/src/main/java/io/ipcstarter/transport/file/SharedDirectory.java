package io.ipcstarter.transport.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;

/**
 * The layout of one shared directory and the file operations both sides share: creating
 * folders and files with the endpoint's permissions, atomic moves, forcing a directory
 * entry to disk, and filing a refused message in {@code error/} with its reason beside
 * it.
 * <p>
 * Layout (see {@code docs/wire-formats.md}): {@code tmp/} (maildir writers only), the
 * inbox ({@code new/} in maildir mode, the directory itself in legacy mode), {@code cur/}
 * (claimed messages, one folder per reader), {@code done/} and {@code error/}.
 */
final class SharedDirectory {

	private static final boolean POSIX = Paths.get("").getFileSystem().supportedFileAttributeViews().contains("posix");

	private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

	private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
			PosixFilePermission.OWNER_WRITE);

	private final Path root;

	private final FileMode mode;

	private final Set<PosixFilePermission> filePermissions;

	private final Set<PosixFilePermission> directoryPermissions;

	private final FileAttribute<?>[] fileAttributes;

	private final FileAttribute<?>[] directoryAttributes;

	SharedDirectory(EndpointSpec spec, FileMode mode) {
		this.root = Paths.get(spec.address()).toAbsolutePath().normalize();
		this.mode = mode;
		this.filePermissions = EnumSet.copyOf(spec.permissions().isEmpty() ? OWNER_ONLY : spec.permissions());
		this.directoryPermissions = directoryPermissionsOf(this.filePermissions);
		this.fileAttributes = POSIX
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(this.filePermissions) }
				: new FileAttribute<?>[0];
		this.directoryAttributes = POSIX
				? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(this.directoryPermissions) }
				: new FileAttribute<?>[0];
	}

	/**
	 * Directory permissions for file permissions: execute (search) added wherever read is
	 * granted.
	 */
	static Set<PosixFilePermission> directoryPermissionsOf(Set<PosixFilePermission> file) {
		Set<PosixFilePermission> dir = EnumSet.noneOf(PosixFilePermission.class);
		dir.addAll(file);
		if (file.contains(PosixFilePermission.OWNER_READ)) {
			dir.add(PosixFilePermission.OWNER_EXECUTE);
		}
		if (file.contains(PosixFilePermission.GROUP_READ)) {
			dir.add(PosixFilePermission.GROUP_EXECUTE);
		}
		if (file.contains(PosixFilePermission.OTHERS_READ)) {
			dir.add(PosixFilePermission.OTHERS_EXECUTE);
		}
		return dir;
	}

	static boolean isWindows() {
		return WINDOWS;
	}

	Path root() {
		return this.root;
	}

	FileMode mode() {
		return this.mode;
	}

	/**
	 * Where finished messages wait for a reader: {@code new/}, or the directory itself in
	 * legacy mode.
	 */
	Path inbox() {
		return (this.mode == FileMode.MAILDIR) ? this.root.resolve("new") : this.root;
	}

	/**
	 * Where maildir writers write; {@code null} in legacy mode (the temporary file is
	 * hidden in the inbox).
	 */
	@Nullable Path tmp() {
		return (this.mode == FileMode.MAILDIR) ? this.root.resolve("tmp") : null;
	}

	Path cur() {
		return this.root.resolve("cur");
	}

	Path done() {
		return this.root.resolve("done");
	}

	Path error() {
		return this.root.resolve("error");
	}

	/**
	 * Whether a name in the inbox is one of our own folders (legacy mode keeps them
	 * inside the inbox).
	 */
	boolean isReservedName(String name) {
		return this.mode == FileMode.LEGACY
				&& (name.equals("cur") || name.equals("done") || name.equals("error") || name.equals("tmp"));
	}

	/** Create the folders a writer needs. */
	void createForWriter() throws IOException {
		createRoot();
		if (this.mode == FileMode.MAILDIR) {
			createFolder(tmp());
			createFolder(inbox());
		}
	}

	/** Create every folder a reader needs. */
	void createForReader() throws IOException {
		createForWriter();
		createFolder(cur());
		createFolder(done());
		createFolder(error());
	}

	private void createRoot() throws IOException {
		if (Files.isDirectory(this.root)) {
			return;
		}
		try {
			// a peer (a reader in another process) may create it at the same moment:
			// createDirectories accepts a directory made in between, and fails only when
			// something else is in its place
			Files.createDirectories(this.root, this.directoryAttributes);
		}
		catch (FileAlreadyExistsException ex) {
			throw new IpcException(ErrorReason.IO, "Shared directory " + this.root + " exists but is not a directory");
		}
		applyPermissions(this.root, this.directoryPermissions);
	}

	/**
	 * Create an owner-only (or as configured) folder, refusing a symbolic link in its
	 * place.
	 */
	void createFolder(Path folder) throws IOException {
		try {
			Files.createDirectory(folder, this.directoryAttributes);
			applyPermissions(folder, this.directoryPermissions);
		}
		catch (FileAlreadyExistsException ex) {
			// a peer made it first, or it is left from an earlier run; it must be a real
			// folder, not a link out
		}
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new IpcException(ErrorReason.PEER_REJECTED,
					folder + " is not a directory (a symbolic link or a file is refused): remove it");
		}
	}

	/**
	 * Open a new file for writing with the configured permissions; fails if it exists.
	 */
	FileChannel createFile(Path file) throws IOException {
		FileChannel channel = FileChannel.open(file,
				Set.<OpenOption>of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), this.fileAttributes);
		if (widerThanUmaskAllows(this.filePermissions)) {
			applyPermissions(file, this.filePermissions);
		}
		return channel;
	}

	FileAttribute<?>[] fileAttributes() {
		return this.fileAttributes;
	}

	/**
	 * Move atomically (one rename); the target must be on the same file system. A file
	 * already at {@code target} is replaced: only for a name no one else uses (a writer's
	 * {@link FileNames#unique unique} name) or in a folder no one else moves files into
	 * (a reader's claim folder); otherwise {@link #moveToFreeName}.
	 */
	static void moveAtomically(Path source, Path target) throws IOException {
		Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * Force a directory's entries (a rename into it) to disk. Windows cannot open a
	 * directory; NTFS journals it.
	 */
	static void forceDirectory(Path directory) throws IOException {
		if (WINDOWS) {
			return;
		}
		try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
			channel.force(true);
		}
	}

	/**
	 * File a message that will not be delivered in {@code error/}: its reason first (so a
	 * message in {@code error/} always has one), as {@code NAME.reason}, then the message
	 * itself (never followed if it is a link). Creating the reason file (which fails if
	 * it exists) takes a name; the message is then moved there without replacing
	 * anything, so two readers filing messages of one name at once keep both, as
	 * {@code NAME} and {@code NAME.1}. Best effort: a failure leaves the message where it
	 * is and is returned for reporting.
	 * @return the message's path in {@code error/}, or {@code null} when it could not be
	 * moved
	 */
	@Nullable Path moveToError(Path message, String name, ErrorReason reason, String why) {
		String text = "reason: " + reason.tag() + "\ntime: " + Instant.now() + "\ndetail: " + why.replace('\n', ' ')
				+ "\n";
		try {
			for (int i = 0;; i++) {
				Path target = error().resolve(numbered(name, i));
				if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
					continue;
				}
				Path reasonFile = error().resolve(target.getFileName() + ".reason");
				try (FileChannel out = createFile(reasonFile)) {
					out.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
				}
				catch (FileAlreadyExistsException ex) {
					continue; // another reader's, or one whose message never came
				}
				try {
					NoReplaceMove.move(message, target);
					return target;
				}
				catch (FileAlreadyExistsException ex) {
					Files.deleteIfExists(reasonFile); // taken meanwhile: the next name
				}
				catch (IOException ex) {
					Files.deleteIfExists(reasonFile);
					throw ex;
				}
			}
		}
		catch (IOException ex) {
			return null;
		}
	}

	/**
	 * Move a file into {@code folder} as {@code name}, or {@code name.1},
	 * {@code name.2}... (legacy names repeat): the first name free at the moment of the
	 * move, never replacing a file, even one another process moves there at the same
	 * moment ({@link NoReplaceMove}).
	 * @return where it went
	 * @throws NoSuchFileException when {@code source} is gone (another reader took it)
	 */
	static Path moveToFreeName(Path source, Path folder, String name) throws IOException {
		for (int i = 0;; i++) {
			Path target = folder.resolve(numbered(name, i));
			try {
				NoReplaceMove.move(source, target);
				return target;
			}
			catch (FileAlreadyExistsException ex) {
				// taken: the next
			}
		}
	}

	/**
	 * {@code name} in {@code folder}, or with a {@code .N} suffix when that is taken: a
	 * check only, for a folder into which no one else moves files (a reader's own claim
	 * folder); elsewhere {@link #moveToFreeName}.
	 */
	static Path freeName(Path folder, String name) {
		Path target = folder.resolve(name);
		for (int i = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS); i++) {
			target = folder.resolve(numbered(name, i));
		}
		return target;
	}

	private static String numbered(String name, int i) {
		return (i == 0) ? name : name + "." + i;
	}

	/**
	 * Whether a file's modification time is older than {@code maxAgeMillis}, without
	 * following links.
	 */
	static boolean olderThan(BasicFileAttributes attributes, long maxAgeMillis) {
		return System.currentTimeMillis() - attributes.lastModifiedTime().toMillis() > maxAgeMillis;
	}

	private static boolean widerThanUmaskAllows(Set<PosixFilePermission> permissions) {
		// a usual umask (022, 027, 077) never removes owner bits but may remove
		// group/other ones
		return POSIX && !OWNER_ONLY.containsAll(permissions);
	}

	private static void applyPermissions(Path path, Set<PosixFilePermission> permissions) throws IOException {
		if (POSIX) {
			Files.setPosixFilePermissions(path, permissions);
		}
	}

	@Override
	public String toString() {
		return this.root.toString();
	}

}
