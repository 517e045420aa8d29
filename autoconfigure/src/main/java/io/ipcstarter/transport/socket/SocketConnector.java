package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.ipcstarter.transport.stream.StreamConnection;
import io.ipcstarter.transport.stream.StreamConnector;

/**
 * Opens client socket connections. A TCP connect is bounded by the attempt's timeout; a
 * Unix-domain connect never blocks (the socket file is there and listening, or it is
 * refused at once).
 */
final class SocketConnector implements StreamConnector {

	private final SocketAddressKind kind;

	private final SocketAddress address;

	private final AtomicLong connections = new AtomicLong();

	SocketConnector(SocketAddressKind kind, SocketAddress address) {
		this.kind = kind;
		this.address = address;
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		SocketChannel channel = SocketChannel.open(this.kind.family());
		try {
			if (this.kind instanceof TcpAddressKind) {
				channel.socket()
					.connect(this.address, (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis())));
			}
			else {
				channel.connect(this.address);
			}
			this.kind.configure(channel);
			return SocketStreamConnection.connected(channel,
					this.kind.peerOf(channel, this.connections.incrementAndGet()), this.kind.writesFailOncePeerGone());
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public String address() {
		return this.kind.describe(this.address);
	}

}
