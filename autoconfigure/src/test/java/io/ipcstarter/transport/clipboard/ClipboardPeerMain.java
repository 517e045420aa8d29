package io.ipcstarter.transport.clipboard;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.SIZE_T;
import com.sun.jna.platform.win32.WinNT.HANDLE;

import io.ipcstarter.nativeapi.windows.Kernel32Global;
import io.ipcstarter.nativeapi.windows.User32Clipboard;

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

	/**
	 * Put a block in a registered format by hand, with any length field: the way a
	 * foreign writer that gets the format wrong would (owner NULL, which Wine accepts).
	 */
	private static void rawWrite(String format, int declaredLength, byte[] bytes) {
		User32Clipboard clipboard = User32Clipboard.get();
		Kernel32Global memory = Kernel32Global.get();
		int id = clipboard.RegisterClipboardFormat(format);
		HANDLE handle = memory.GlobalAlloc(Kernel32Global.GMEM_MOVEABLE, new SIZE_T(4 + bytes.length));
		Pointer block = memory.GlobalLock(handle);
		block.setInt(0, declaredLength);
		block.write(4, bytes, 0, bytes.length);
		memory.GlobalUnlock(handle);
		while (!clipboard.OpenClipboard(null)) {
			Thread.onSpinWait();
		}
		clipboard.EmptyClipboard();
		clipboard.SetClipboardData(id, handle);
		clipboard.CloseClipboard();
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
					if (line.startsWith("raw:")) {
						String[] parts = line.split(":", 3);
						rawWrite(args[1], Integer.parseInt(parts[1]), HexFormat.of().parseHex(parts[2]));
						System.out.println(PeerProcess.SAID + "written");
						continue;
					}
					if (line.startsWith("hex:")) {
						payload = HexFormat.of().parseHex(line.substring(4));
					}
					else if (line.startsWith("big:")) {
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
