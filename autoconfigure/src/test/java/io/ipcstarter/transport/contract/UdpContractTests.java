package io.ipcstarter.transport.contract;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;

import io.ipcstarter.transport.HostPort;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * The contract for {@code udp}: servers bind loopback port 0; clients use the port the
 * server reports. Datagrams are not connections, promise neither delivery nor order, are
 * taken by the OS whether anyone listens or not, and carry at most 65,507 bytes: the
 * tests that assume otherwise are skipped, and {@code UdpTransportTests} covers what udp
 * promises instead.
 */
class UdpContractTests extends IpcTransportContractTests {

	@Override
	protected IpcTransport transport() {
		return Transports.get("udp");
	}

	@Override
	protected String newAddress() {
		return "127.0.0.1:0";
	}

	@Override
	protected String absentAddress() throws IOException {
		// a port that was free a moment ago; nothing of ours binds it again
		try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			return "127.0.0.1:" + probe.getLocalPort();
		}
	}

	@Override
	protected void injectRaw(IpcServer server, byte[] raw) throws Exception {
		HostPort hp = HostPort.parse(server.address());
		try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
			socket.send(new DatagramPacket(raw, raw.length, InetAddress.getByName(hp.host()), hp.port()));
		}
	}

	@Override
	protected boolean isConnectionOriented() {
		return false;
	}

	@Override
	protected boolean usesLengthPrefixFraming() {
		return false;
	}

	@Override
	protected boolean promisesDeliveryInOrder() {
		return false;
	}

	@Override
	protected boolean sendFailsWithoutPeer() {
		return false;
	}

	@Override
	protected boolean serverCanFailTheCaller() {
		return false;
	}

	@Override
	protected int largePayloadSize() {
		return 65_507;
	}

}
