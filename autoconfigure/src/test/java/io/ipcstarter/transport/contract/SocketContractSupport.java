package io.ipcstarter.transport.contract;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/**
 * Raw socket access for the socket transports' contract tests: what a misbehaving peer
 * does.
 */
final class SocketContractSupport {

	private SocketContractSupport() {
	}

	/** The socket address of a {@code unix-socket} address (a path). */
	static SocketAddress unix(String address) {
		return UnixDomainSocketAddress.of(Path.of(address));
	}

	/** The socket address of a {@code tcp} address ({@code host:port}). */
	static SocketAddress tcp(String address) {
		int colon = address.lastIndexOf(':');
		return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
	}

	/** Connect, write the bytes, close. */
	static void writeAndClose(SocketAddress address, byte[] raw) throws IOException {
		try (SocketChannel channel = SocketChannel.open(address instanceof UnixDomainSocketAddress
				? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET)) {
			channel.connect(address);
			ByteBuffer buffer = ByteBuffer.wrap(raw);
			while (buffer.hasRemaining()) {
				channel.write(buffer);
			}
		}
	}

}
