package io.ipcstarter.transport.contract;

import java.io.OutputStream;
import java.net.InetSocketAddress;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import io.ipcstarter.testsupport.TestCertificates;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.socket.TcpOptions;
import io.ipcstarter.transport.socket.TlsContext;

/**
 * The whole contract again for {@code tcp} with TLS on both sides: TLS lies below the
 * framing, so every promise of plain {@code tcp} (order, limits, bad frames, timeouts,
 * restarts) holds unchanged. The bad input of the suite travels inside TLS, as a peer
 * that completed the handshake would send it.
 */
class TlsTcpContractTests extends TcpContractTests {

	private static final TlsContext SERVER = TlsContext
		.of(TestCertificates.context(TestCertificates.SERVER, TestCertificates.SERVER_KEY, null));

	private static final SSLContext CLIENT = TestCertificates.context(null, null, TestCertificates.CA);

	@Override
	protected EndpointSpec.Builder serverSpec(String name, Role role, String address) {
		return super.serverSpec(name, role, address).option(TcpOptions.class, tls(SERVER));
	}

	@Override
	protected EndpointSpec.Builder clientSpec(String name, Role role, String address) {
		return super.clientSpec(name, role, address).option(TcpOptions.class, tls(TlsContext.of(CLIENT)));
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		InetSocketAddress address = (InetSocketAddress) SocketContractSupport.tcp(server.address());
		try (SSLSocket socket = (SSLSocket) CLIENT.getSocketFactory()
			.createSocket(address.getAddress(), address.getPort())) {
			OutputStream out = socket.getOutputStream();
			out.write(raw);
			out.flush();
		}
	}

	private static TcpOptions tls(TlsContext context) {
		TcpOptions options = new TcpOptions();
		options.getSsl().context(context);
		return options;
	}

}
