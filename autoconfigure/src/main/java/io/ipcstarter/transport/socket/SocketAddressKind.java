package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Peer;

/**
 * What differs between a Unix-domain and a TCP socket endpoint: the address, what binding
 * involves, who the peer is. Everything else is {@link SocketTransport}'s.
 */
interface SocketAddressKind {

	ProtocolFamily family();

	/**
	 * Check the address and the settings that only apply to some kinds; never touches the
	 * OS.
	 */
	void validate(EndpointSpec spec);

	/** The socket address of a validated endpoint. */
	SocketAddress resolve(EndpointSpec spec);

	/**
	 * Bind the server channel, securing what the bind creates.
	 * @return what to do once the server is closed (e.g. remove the socket file)
	 */
	Runnable bind(ServerSocketChannel server, SocketAddress address, EndpointSpec spec) throws IOException;

	/** Socket options for a new connection. */
	default void configure(SocketChannel channel) throws IOException {
	}

	/**
	 * Whether writing to a connection whose peer has closed (or shut down its reading
	 * side, or died) fails at once rather than being taken by the OS and lost. A TCP
	 * write after the peer's FIN succeeds (only a later one meets the reset), so TCP
	 * answers {@code false}.
	 */
	default boolean writesFailOncePeerGone() {
		return false;
	}

	/** Who is on the other side of an accepted or connected channel. */
	Peer peerOf(SocketChannel channel, long connectionNumber);

	/** The address as the actuator shows it. */
	String describe(SocketAddress address);

}
