package io.ipcstarter.transport.window;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

/**
 * The second process of the window-message tests (a separate Windows JVM, under Wine
 * here):
 * <ul>
 * <li>{@code send NAME COUNT} — an outbound endpoint sends {@code m0} ...
 * {@code m<COUNT-1>}, message {@code i} with {@code ipc_messageType} {@code 100+i}, then
 * prints {@code sent COUNT};</li>
 * <li>{@code serve NAME REPLY [REGISTERED]} — an inbound gateway on window {@code NAME}
 * answering {@code re:<request>} ({@code copydata}) or the request's number plus one
 * ({@code result}; with a registered message, the sum of its two numbers), prints
 * {@code ready} and serves until its standard input ends;</li>
 * <li>{@code request NAME REPLY TEXT} — an outbound gateway asks once and prints
 * {@code reply <reply>};</li>
 * <li>{@code badheaders NAME} — sends a WM_COPYDATA whose header block announces
 * 0x7FFFFFFF bytes, then a well-formed one (no headers, payload {@code after}), and
 * prints {@code sent}.</li>
 * </ul>
 */
public final class WindowMessagePeerMain {

	private WindowMessagePeerMain() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[1];
		switch (args[0]) {
			case "send" -> {
				try (IpcClient client = new WindowMessageTransport()
					.createClient(EndpointSpec.builder("peer", "window-message", Role.OUTBOUND, name).build())) {
					int count = Integer.parseInt(args[2]);
					for (int i = 0; i < count; i++) {
						client.send(("m" + i).getBytes(StandardCharsets.UTF_8),
								Map.of(WindowMessageClient.MESSAGE_TYPE, 100 + i));
					}
					System.out.println("sent " + count);
				}
			}
			case "serve" -> serve(name, args[2], (args.length > 3) ? args[3] : null);
			case "request" -> {
				try (IpcClient client = new WindowMessageTransport()
					.createClient(spec(name, Role.OUTBOUND_GATEWAY, args[2], null))) {
					byte[] reply = client.request(args[3].getBytes(StandardCharsets.UTF_8));
					System.out.println("reply " + new String(reply, StandardCharsets.UTF_8));
				}
			}
			case "badheaders" -> {
				try (IpcClient client = new WindowMessageTransport()
					.createClient(EndpointSpec.builder("peer", "window-message", Role.OUTBOUND, name).build())) {
					client.send(new byte[] { 0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 'x' });
					client.send(new byte[] { 0, 0, 0, 0, 'a', 'f', 't', 'e', 'r' });
					System.out.println("sent");
				}
			}
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	private static void serve(String name, String reply, String registered) throws IOException {
		RecordingListener listener = RecordingListener.answering((request) -> {
			String text = new String(request, StandardCharsets.US_ASCII);
			if (registered != null) {
				String[] pair = text.split(" ");
				return Long.toString(Long.parseLong(pair[0]) + Long.parseLong(pair[1]))
					.getBytes(StandardCharsets.US_ASCII);
			}
			if (reply.equals("result")) {
				return Long.toString(Long.parseLong(text) + 1).getBytes(StandardCharsets.US_ASCII);
			}
			return ("re:" + text).getBytes(StandardCharsets.UTF_8);
		});
		try (IpcServer server = new WindowMessageTransport()
			.createServer(spec(name, Role.INBOUND_GATEWAY, reply, registered))) {
			server.start(listener);
			System.out.println(PeerProcess.SAID + "ready");
			while (System.in.read() >= 0) {
				// serve until the test closes our input
			}
		}
	}

	private static EndpointSpec spec(String name, Role role, String reply, String registered) {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setReply(WindowMessageReply.valueOf(reply.toUpperCase(java.util.Locale.ROOT)));
		options.setRegisteredMessage(registered);
		return EndpointSpec.builder("peer", "window-message", role, name)
			.option(WindowMessageOptions.class, options)
			.build();
	}

}
