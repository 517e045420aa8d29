package io.ipcstarter.transport.process;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

/**
 * A child JVM for {@code StdioTransportTests}: a {@code stdio} outbound gateway (line
 * framing, {@code reply-timeout} 1 s) asking its parent twice, printing on stderr
 * {@code R <reply> <millis>} or {@code E <reason> <millis> <message>} for each request.
 */
public final class StdioAskingPeerMain {

	private StdioAskingPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		EndpointSpec spec = EndpointSpec.builder("ask", "stdio", Role.OUTBOUND_GATEWAY, "-")
			.framing(Framing.LINE)
			.replyTimeout(Duration.ofSeconds(1))
			.build();
		try (IpcClient client = new StdioTransport().createClient(spec)) {
			for (String request : new String[] { "first?", "second?" }) {
				long start = System.nanoTime();
				try {
					String reply = new String(client.request(request.getBytes(StandardCharsets.UTF_8)),
							StandardCharsets.UTF_8);
					System.err.println("R " + reply + " " + (System.nanoTime() - start) / 1_000_000);
				}
				catch (IpcException ex) {
					System.err.println("E " + ex.reason().tag() + " " + (System.nanoTime() - start) / 1_000_000 + " "
							+ ex.getMessage());
				}
			}
		}
		System.exit(0);
	}

}
