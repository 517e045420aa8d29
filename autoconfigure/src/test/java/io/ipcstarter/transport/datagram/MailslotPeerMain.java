package io.ipcstarter.transport.datagram;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;

/**
 * The second process of the mailslot tests (a separate Windows JVM, under Wine here):
 * <ul>
 * <li>{@code send NAME COUNT} — an outbound endpoint writes {@code m0} ...
 * {@code m<COUNT-1>}, then prints {@code sent COUNT};</li>
 * <li>{@code big NAME SIZE} — writes one message of {@code SIZE} bytes with the largest
 * limit of its own, then {@code after}; prints {@code refused <reason>} when the write of
 * the big one fails, else {@code written}.</li>
 * </ul>
 */
public final class MailslotPeerMain {

	private MailslotPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[1];
		EndpointSpec spec = EndpointSpec.builder("peer", "mailslot", Role.OUTBOUND, name).build();
		try (IpcClient client = new MailslotTransport().createClient(spec)) {
			switch (args[0]) {
				case "send" -> {
					int count = Integer.parseInt(args[2]);
					for (int i = 0; i < count; i++) {
						client.send(("m" + i).getBytes(StandardCharsets.UTF_8));
					}
					System.out.println("sent " + count);
				}
				case "big" -> {
					byte[] big = new byte[Integer.parseInt(args[2])];
					Arrays.fill(big, (byte) 'x');
					try {
						client.send(big);
						System.out.println("written");
					}
					catch (IpcException ex) {
						System.out.println("refused " + ex.reason() + " " + ex.getMessage());
					}
					client.send("after".getBytes(StandardCharsets.UTF_8));
				}
				default -> throw new IllegalArgumentException(args[0]);
			}
		}
	}

}
