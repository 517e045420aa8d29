package io.ipcstarter.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Hands out addresses for one run of one scenario: files in a private temporary directory
 * (under {@code /dev/shm} when it exists, so mapped files live in memory) and free
 * loopback TCP ports.
 */
public final class Addresses {

	private final Path dir;

	public Addresses(Path dir) {
		this.dir = dir;
	}

	/** The run's private directory. */
	public Path dir() {
		return this.dir;
	}

	/** A path in the run's directory. */
	public String path(String name) {
		return this.dir.resolve(name).toString();
	}

	/**
	 * A free loopback UDP port as {@code 127.0.0.1:port}, found as {@link #tcp()} finds
	 * one.
	 */
	public String udp() {
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return "127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A POSIX message queue name unique to this run's directory: {@code /ipcbench-
	 *
	<dir>
	 * -<name>}.
	 */
	public String messageQueue(String name) {
		return "/ipcbench-" + this.dir.getFileName() + "-" + name;
	}

	/**
	 * A free loopback port as {@code 127.0.0.1:port}. Found by binding port 0 and closing
	 * it: another process could take it in between, which would fail the scenario loudly
	 * (the receiver cannot bind), not skew a number.
	 */
	public String tcp() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
