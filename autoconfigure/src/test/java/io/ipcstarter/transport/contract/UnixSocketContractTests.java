package io.ipcstarter.transport.contract;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.io.TempDir;

import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code unix-socket}: addresses are socket files in a temporary
 * directory.
 */
class UnixSocketContractTests extends IpcTransportContractTests {

	@TempDir
	Path dir;

	private final AtomicInteger sockets = new AtomicInteger();

	@Override
	protected IpcTransport transport() {
		return Transports.get("unix-socket");
	}

	@Override
	protected String newAddress() {
		return this.dir.resolve("s" + this.sockets.incrementAndGet() + ".sock").toString();
	}

	@Override
	protected String absentAddress() {
		return this.dir.resolve("nobody-listens.sock").toString();
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		SocketContractSupport.writeAndClose(SocketContractSupport.unix(server.address()), raw);
	}

}
