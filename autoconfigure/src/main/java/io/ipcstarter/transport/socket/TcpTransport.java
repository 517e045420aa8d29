package io.ipcstarter.transport.socket;

/**
 * Transport {@code tcp}: a TCP socket; {@code address} is {@code host:port}, and a bare
 * port binds loopback only.
 */
public final class TcpTransport extends SocketTransport {

	public TcpTransport() {
		super("tcp", new TcpAddressKind());
	}

	/** {@code ipc.endpoints.<name>.tcp.*}: TLS. */
	@Override
	public Class<TcpOptions> optionsType() {
		return TcpOptions.class;
	}

}
