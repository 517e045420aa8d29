package io.ipcstarter.transport.socket;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.stream.StreamAcceptor;
import io.ipcstarter.transport.stream.StreamConnection;

/**
 * Accepts socket connections in blocking mode: the reader thread per connection is
 * simpler and, for a handful of local peers, faster than a selector.
 */
final class SocketAcceptor implements StreamAcceptor {

	private static final int BACKLOG = 128;

	private final EndpointSpec spec;

	private final SocketAddressKind kind;

	private final AtomicLong connections = new AtomicLong();

	private @Nullable ServerSocketChannel server;

	private Runnable cleanup = () -> {
	};

	private volatile String boundAddress;

	/** The endpoint's TLS; {@code null} for plain text. */
	private final @Nullable TlsSetup tls;

	/** With the spec's TLS, if any. */
	SocketAcceptor(EndpointSpec spec, SocketAddressKind kind) {
		this(spec, kind, TlsSetup.of(spec));
	}

	SocketAcceptor(EndpointSpec spec, SocketAddressKind kind, @Nullable TlsSetup tls) {
		this.spec = spec;
		this.kind = kind;
		this.tls = tls;
		this.boundAddress = spec.address();
	}

	@Override
	public void open() throws IOException {
		SocketAddress address = this.kind.resolve(this.spec);
		this.server = ServerSocketChannel.open(this.kind.family());
		try {
			this.cleanup = this.kind.bind(this.server, address, this.spec);
			this.boundAddress = this.kind.describe(this.server.getLocalAddress());
		}
		catch (IOException | RuntimeException ex) {
			this.server.close();
			throw ex;
		}
	}

	@Override
	public StreamConnection accept() throws IOException {
		SocketChannel channel = this.server.accept();
		try {
			this.kind.configure(channel);
			// the handshake waits for the peer: it runs later, on the connection's own
			// thread
			return SocketStreamConnection.accepted(channel,
					this.kind.peerOf(channel, this.connections.incrementAndGet()),
					(this.tls != null) ? this.tls.serverEngine() : null);
		}
		catch (IOException | RuntimeException ex) {
			channel.close();
			throw ex;
		}
	}

	@Override
	public boolean idlePeersMayBeClosed() {
		return true;
	}

	@Override
	public String address() {
		return this.boundAddress;
	}

	@Override
	public void close() {
		if (this.server != null) {
			try {
				this.server.close();
			}
			catch (IOException ex) {
				// closing a listening socket does not fail in a way we could act on
			}
			this.cleanup.run();
		}
	}

}
