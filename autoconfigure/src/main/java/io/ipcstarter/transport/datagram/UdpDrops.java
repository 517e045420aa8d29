package io.ipcstarter.transport.datagram;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Linux's count of the datagrams it dropped for one UDP socket of this process: the
 * {@code drops} column of {@code /proc/net/udp} (or {@code udp6}), which the kernel
 * raises when a datagram finds the socket's receive buffer full (and, rarely, for a bad
 * checksum or a socket filter). The JDK does not say which file descriptor a channel has,
 * so the socket is found once, at start, as the line of {@code /proc/net/udp*} whose
 * local port is the channel's and whose inode is one of this process's sockets
 * ({@code /proc/self/fd/N} links to {@code socket:[inode]}); later reads look for that
 * inode only. Not on other systems, and not when two sockets of this process share the
 * port (multicast members with {@code SO_REUSEADDR}): then nothing can tell which is
 * which, and {@link #find} returns {@code null}.
 * <p>
 * Reading the file costs one line per UDP socket in the network namespace, so the server
 * reads it at most once per {@link #INTERVAL_NANOS}, never per datagram.
 */
final class UdpDrops {

	/** Longest the server goes without reading the count while datagrams arrive. */
	static final long INTERVAL_NANOS = 1_000_000_000L;

	private static final Path PROC_NET = Path.of("/proc/self/net");

	private static final List<Path> TABLES = List.of(PROC_NET.resolve("udp"), PROC_NET.resolve("udp6"));

	// columns of /proc/net/udp: sl local_address rem_address st tx_queue:rx_queue tr:tm
	// retrnsmt uid timeout inode ref pointer drops
	private static final int LOCAL = 1;

	private static final int INODE = 9;

	private static final int DROPS = 12;

	private final Path table;

	private final String inode;

	private long reported;

	private UdpDrops(Path table, String inode, long drops) {
		this.table = table;
		this.inode = inode;
		this.reported = drops;
	}

	/**
	 * The drop count of this process's one UDP socket bound to {@code port}, or
	 * {@code null} where it cannot be known (not Linux, no {@code /proc}, none or several
	 * such sockets).
	 */
	static @Nullable UdpDrops find(int port) {
		if (!Files.isReadable(TABLES.get(0))) {
			return null;
		}
		try {
			Set<String> ours = socketInodes();
			List<UdpDrops> found = new ArrayList<>();
			String hexPort = String.format(":%04X", port);
			for (Path table : TABLES) {
				for (String[] columns : lines(table)) {
					if (columns[LOCAL].endsWith(hexPort) && ours.contains(columns[INODE])) {
						found.add(new UdpDrops(table, columns[INODE], Long.parseLong(columns[DROPS])));
					}
				}
			}
			return (found.size() == 1) ? found.get(0) : null;
		}
		catch (IOException | RuntimeException ex) {
			// an unexpected /proc layout: the count is a help, never a reason to fail
			return null;
		}
	}

	/**
	 * Datagrams dropped since the last call (or since {@link #find}); 0 when the socket
	 * is no longer listed or the table cannot be read.
	 */
	long newDrops() {
		try (BufferedReader reader = Files.newBufferedReader(this.table, StandardCharsets.US_ASCII)) {
			String line = reader.readLine(); // the heading
			while ((line = reader.readLine()) != null) {
				String[] columns = line.trim().split("\\s+");
				if (columns.length > DROPS && columns[INODE].equals(this.inode)) {
					long drops = Long.parseLong(columns[DROPS]);
					long fresh = drops - this.reported;
					this.reported = drops;
					return Math.max(0, fresh);
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// as in find: a count it cannot read is not counted
		}
		return 0;
	}

	private static List<String[]> lines(Path table) throws IOException {
		List<String[]> rows = new ArrayList<>();
		if (!Files.isReadable(table)) {
			return rows;
		}
		List<String> lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
		for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
			String[] columns = line.trim().split("\\s+");
			if (columns.length > DROPS) {
				rows.add(columns);
			}
		}
		return rows;
	}

	/** Inodes of this process's sockets, as {@code /proc/self/fd} names them. */
	private static Set<String> socketInodes() throws IOException {
		Set<String> inodes = new HashSet<>();
		try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
			for (Path fd : fds) {
				String target;
				try {
					target = Files.readSymbolicLink(fd).toString();
				}
				catch (IOException ex) {
					continue; // closed meanwhile (the stream's own descriptor, for one)
				}
				if (target.startsWith("socket:[") && target.endsWith("]")) {
					inodes.add(target.substring("socket:[".length(), target.length() - 1));
				}
			}
		}
		return inodes;
	}

}
