package io.ipcstarter.transport.process;

import java.nio.charset.StandardCharsets;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * A child JVM for {@code StdioTransportTests}: a {@code stdio} inbound gateway with line
 * framing that answers "echo:" + the request, and prints noise with
 * {@code System.out.println} on every request, which must not reach stdout. It exits once
 * its stdin is closed.
 */
public final class StdioPeerMain {

	private StdioPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		EndpointSpec spec = EndpointSpec.builder("worker", "stdio", Role.INBOUND_GATEWAY, "-")
			.framing(Framing.LINE)
			.build();
		IpcServer server = new StdioTransport().createServer(spec);
		server.start(new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				String request = new String(payload, StandardCharsets.UTF_8);
				System.out.println("noise about " + request + " from parent pid " + peer.pid());
				reply.send(("echo:" + request).getBytes(StandardCharsets.UTF_8));
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, Peer peer) {
				System.err.println("error " + reason + ": " + cause);
			}

		});
		// main returns; the endpoint's listening thread keeps the JVM alive until stdin
		// is closed
	}

}
