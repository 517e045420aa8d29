package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLHandshakeException;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
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

	/** The endpoint's TLS; {@code null} for plain text. */
	private final @Nullable TlsSetup tls;

	SocketConnector(SocketAddressKind kind, SocketAddress address, @Nullable TlsSetup tls) {
		this.kind = kind;
		this.address = address;
		this.tls = tls;
	}

	@Override
	public StreamConnection connect(Duration timeout) throws IOException {
		long deadline = System.nanoTime() + timeout.toNanos();
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
			TlsEngine engine = (this.tls != null) ? this.tls.clientEngine(this.address) : null;
			long handshakeNanos = (engine != null)
					? Math.max(1, Math.min(engine.handshakeTimeoutNanos(), deadline - System.nanoTime())) : 0;
			return SocketStreamConnection.connected(channel,
					this.kind.peerOf(channel, this.connections.incrementAndGet()), this.kind.writesFailOncePeerGone(),
					engine, handshakeNanos);
		}
		catch (SSLHandshakeException ex) {
			channel.close();
			// a certificate refused, either way: trying again would meet the same keys
			throw new IpcException(ErrorReason.PEER_REJECTED,
					"TLS handshake with " + address() + " failed: " + ex.getMessage(), ex);
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
