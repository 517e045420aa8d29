package io.ipcstarter.transport.socket;

import java.util.EnumSet;
import java.util.Set;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.stream.StreamClient;
import io.ipcstarter.transport.stream.StreamServer;

/**
 * A stream socket transport over JDK NIO channels; the {@link SocketAddressKind} makes it
 * Unix-domain or TCP.
 */
public abstract class SocketTransport implements IpcTransport {

	private final String id;

	private final SocketAddressKind kind;

	SocketTransport(String id, SocketAddressKind kind) {
		this.id = id;
		this.kind = kind;
	}

	@Override
	public String id() {
		return this.id;
	}

	@Override
	public Set<Role> roles() {
		return EnumSet.allOf(Role.class);
	}

	@Override
	public void validate(EndpointSpec spec) {
		this.kind.validate(spec);
	}

	@Override
	public boolean acknowledgedDelivery() {
		return true;
	}

	@Override
	public IpcServer createServer(EndpointSpec spec) {
		return new StreamServer(spec, new SocketAcceptor(spec, this.kind));
	}

	@Override
	public IpcClient createClient(EndpointSpec spec) {
		return new StreamClient(spec, new SocketConnector(this.kind, this.kind.resolve(spec), TlsSetup.of(spec)));
	}

}
