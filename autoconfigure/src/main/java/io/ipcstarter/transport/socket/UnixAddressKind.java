package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

import com.sun.jna.Platform;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

import io.ipcstarter.nativeapi.posix.PosixUsers;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Peer;

/**
 * Unix-domain sockets: the address is a file path. The socket file is made owner-only (or
 * {@code permissions}), a stale file from a crashed run is replaced only when nothing
 * listens on it, and the file is removed on close if it is still ours. The peer's uid
 * comes from {@code SO_PEERCRED} (Linux, macOS); the JDK does not expose its pid.
 */
final class UnixAddressKind implements SocketAddressKind {

	/**
	 * {@code sizeof(sockaddr_un.sun_path) - 1} on Linux (108) and macOS (104): the
	 * portable limit.
	 */
	static final int MAX_PATH_BYTES = 103;

	@Override
	public ProtocolFamily family() {
		return StandardProtocolFamily.UNIX;
	}

	@Override
	public void validate(EndpointSpec spec) {
		String address = spec.address();
		if (address.isBlank()) {
			throw new InvalidEndpointException(spec.name(), "address", "no socket path given",
					"Set it to the path of the socket file, e.g. /run/user/1000/" + spec.name() + ".sock");
		}
		try {
			Path.of(address);
		}
		catch (InvalidPathException ex) {
			throw new InvalidEndpointException(spec.name(), "address", "'" + address + "' is not a valid path",
					"Set it to the path of the socket file", ex);
		}
		int bytes = Path.of(address).toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8).length;
		if (bytes > MAX_PATH_BYTES) {
			throw new InvalidEndpointException(spec.name(), "address",
					"socket path is " + bytes + " bytes long; the OS limit is " + MAX_PATH_BYTES,
					"Use a shorter path, e.g. under /run/user/<uid> or /tmp");
		}
	}

	@Override
	public SocketAddress resolve(EndpointSpec spec) {
		return UnixDomainSocketAddress.of(Path.of(spec.address()).toAbsolutePath());
	}

	@Override
	public Runnable bind(ServerSocketChannel server, SocketAddress address, EndpointSpec spec) throws IOException {
		Path path = ((UnixDomainSocketAddress) address).getPath();
		createParentOwnerOnly(path);
		removeIfStale(path);
		server.bind(address, 128);
		// The file appears with the umask's permissions; narrow them before the first
		// accept. Under the usual umask (022) nobody else could connect in the meantime:
		// connecting needs write permission.
		Files.setPosixFilePermissions(path, spec.permissions());
		Object ours = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
		return () -> removeIfOurs(path, ours);
	}

	/**
	 * On Linux a closed or dead peer shuts the connection for sending at once: the next
	 * write fails with {@code EPIPE} (or {@code ECONNRESET}), and so does a write after
	 * the peer shut down its reading side. The BSDs (macOS) document the same, Windows
	 * does not say; no test ran there, so they keep checking idle connections.
	 */
	@Override
	public boolean writesFailOncePeerGone() {
		return Platform.isLinux();
	}

	@Override
	public Peer peerOf(SocketChannel channel, long connectionNumber) {
		Integer uid = null;
		try {
			UnixDomainPrincipal principal = channel.getOption(ExtendedSocketOptions.SO_PEERCRED);
			uid = PosixUsers.uidOf(principal.user().getName());
		}
		catch (IOException | UnsupportedOperationException ex) {
			// the OS does not tell: the peer stays anonymous, and allowed-uids refuses it
		}
		return new Peer("unix#" + connectionNumber + (uid != null ? "(uid " + uid + ")" : ""), null, uid);
	}

	@Override
	public String describe(SocketAddress address) {
		return (address instanceof UnixDomainSocketAddress unix) ? unix.getPath().toString() : String.valueOf(address);
	}

	private static void createParentOwnerOnly(Path path) throws IOException {
		Path parent = path.getParent();
		if (parent != null && !Files.isDirectory(parent)) {
			Set<PosixFilePermission> ownerOnly = EnumSet.of(PosixFilePermission.OWNER_READ,
					PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE);
			Files.createDirectories(parent, PosixFilePermissions.asFileAttribute(ownerOnly));
		}
	}

	private static void removeIfStale(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		if (!isSocket(path)) {
			throw new IpcException(ErrorReason.IO,
					"Cannot listen on " + path + ": a file that is not a socket is there");
		}
		try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			probe.connect(UnixDomainSocketAddress.of(path));
			throw new IpcException(ErrorReason.IO,
					"Cannot listen on " + path
							+ ": another process, or another endpoint of this application, is listening on it"
							+ " (address already in use)");
		}
		catch (IpcException ex) {
			throw ex;
		}
		catch (IOException refused) {
			// nobody listens: a crashed run left it behind
			Files.deleteIfExists(path);
		}
	}

	private static boolean isSocket(Path path) throws IOException {
		int mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
		return (mode & 0170000) == 0140000; // S_IFMT == S_IFSOCK
	}

	private static void removeIfOurs(Path path, Object ours) {
		try {
			Object now = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
			if (Objects.equals(now, ours)) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			// already gone, or replaced by someone else's: not ours to remove
		}
	}

}
