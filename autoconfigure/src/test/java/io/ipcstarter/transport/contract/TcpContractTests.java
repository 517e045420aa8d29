package io.ipcstarter.transport.contract;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code tcp}: servers bind loopback port 0; clients use the port the
 * server reports.
 */
class TcpContractTests extends IpcTransportContractTests {

	@Override
	protected IpcTransport transport() {
		return Transports.get("tcp");
	}

	@Override
	protected String newAddress() {
		return "127.0.0.1:0";
	}

	@Override
	protected String absentAddress() throws IOException {
		// a port that was free a moment ago; nothing of ours listens on it again
		try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return "127.0.0.1:" + probe.getLocalPort();
		}
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		SocketContractSupport.writeAndClose(SocketContractSupport.tcp(server.address()), raw);
	}

}
