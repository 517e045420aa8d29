package io.ipcstarter.transport.socket;

/**
 * Transport {@code unix-socket}: a Unix-domain stream socket; {@code address} is the
 * socket file's path.
 */
public final class UnixSocketTransport extends SocketTransport {

	public UnixSocketTransport() {
		super("unix-socket", new UnixAddressKind());
	}

}
