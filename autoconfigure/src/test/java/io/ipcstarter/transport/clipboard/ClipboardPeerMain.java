package io.ipcstarter.transport.clipboard;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.RecordingListener;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Role;

/**
 * The second process of the clipboard tests (a separate Windows JVM, under Wine here). It
 * stays alive until its standard input ends, because under Wine the clipboard's content
 * goes with the process that wrote it.
 * <ul>
 * <li>{@code write FORMAT} — an outbound endpoint; each line read is put on the clipboard
 * ({@code big:N} puts N bytes of {@code x}), then it prints {@code PEER:written} (or
 * {@code PEER:refused <reason>}).</li>
 * <li>{@code read FORMAT} — an inbound endpoint; prints {@code PEER:got <seq> <text>} per
 * message, {@code PEER:ready} once listening.</li>
 * </ul>
 */
public final class ClipboardPeerMain {

	private ClipboardPeerMain() {
	}

	public static void main(String[] args) throws Exception {
		ClipboardOptions options = new ClipboardOptions();
		options.setFormat(args[1]);
		Role role = args[0].equals("write") ? Role.OUTBOUND : Role.INBOUND;
		EndpointSpec spec = EndpointSpec.builder("peer", "clipboard", role, "peer")
			.option(ClipboardOptions.class, options)
			.sendTimeout(Duration.ofSeconds(5))
			.build();
		ClipboardTransport transport = new ClipboardTransport();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (role == Role.OUTBOUND) {
			try (IpcClient client = transport.createClient(spec)) {
				String line;
				while ((line = in.readLine()) != null) {
					byte[] payload;
					if (line.startsWith("big:")) {
						payload = new byte[Integer.parseInt(line.substring(4))];
						Arrays.fill(payload, (byte) 'x');
					}
					else {
						payload = line.getBytes(StandardCharsets.UTF_8);
					}
					try {
						client.send(payload);
						System.out.println(PeerProcess.SAID + "written");
					}
					catch (Exception ex) {
						System.out.println(PeerProcess.SAID + "refused " + ex);
					}
				}
			}
			return;
		}
		RecordingListener listener = new RecordingListener();
		try (IpcServer server = transport.createServer(spec)) {
			server.start(listener);
			System.out.println(PeerProcess.SAID + "ready");
			Thread printer = new Thread(() -> {
				try {
					while (true) {
						RecordingListener.Received received = listener.next(Duration.ofDays(1));
						System.out.println(PeerProcess.SAID + "got " + received.attributes().get("clipboardSequence")
								+ " " + received.text());
					}
				}
				catch (InterruptedException ex) {
					// ends with the process
				}
			});
			printer.setDaemon(true);
			printer.start();
			while (in.readLine() != null) {
				// until standard input ends
			}
		}
	}

}
