package io.ipcstarter.transport.file;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * The other process in the cross-process tests: a JVM started by the test with the test
 * class path.
 * <ul>
 * <li>{@code write DIR COUNT PREFIX [nofsync]}: sends
 * {@code PREFIX-0 .. PREFIX-(COUNT-1)}, prints {@code SENT COUNT};</li>
 * <li>{@code read DIR [BLOCK_ON]}: reads, printing {@code MSG payload} per message; on
 * the payload {@code BLOCK_ON} prints {@code BLOCKED payload} and hangs inside the
 * handler (to be killed there). Stops when stdin closes;</li>
 * <li>{@code hold FILE}: keeps FILE open for writing, prints {@code HOLDING}; when stdin
 * closes, appends {@code />} and closes it;</li>
 * <li>{@code recover DIR}: takes a claim folder of its own as a reader does, prints
 * {@code READY}, and on a line on stdin puts back what dead readers had claimed (a
 * reader's recovery), prints {@code RECOVERED n}; gives up its folder when stdin
 * closes.</li>
 * </ul>
 */
public final class FilePeer {

	private FilePeer() {
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
		switch (args[0]) {
			case "write" ->
				write(args[1], Integer.parseInt(args[2]), args[3], args.length > 4 && args[4].equals("nofsync"), out);
			case "read" -> read(args[1], (args.length > 2) ? args[2] : null, out);
			case "hold" -> hold(args[1], out);
			case "recover" -> recover(args[1], out);
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	static EndpointSpec spec(String dir, Role role) {
		FileOptions options = new FileOptions();
		options.setPollInterval(Duration.ofMillis(50));
		return EndpointSpec.builder("peer", "file", role, dir).option(FileOptions.class, options).build();
	}

	private static void write(String dir, int count, String prefix, boolean noFsync, PrintStream out) throws Exception {
		EndpointSpec plain = spec(dir, Role.OUTBOUND);
		FileOptions options = plain.option(FileOptions.class);
		options.setFsync(!noFsync);
		EndpointSpec spec = plain.toBuilder().option(FileOptions.class, options).build();
		try (IpcClient client = new FileTransport().createClient(spec)) {
			for (int i = 0; i < count; i++) {
				client.send((prefix + "-" + i).getBytes(StandardCharsets.UTF_8));
			}
		}
		out.println("SENT " + count);
		out.flush();
	}

	private static void hold(String file, PrintStream out) throws Exception {
		try (FileChannel channel = FileChannel.open(Path.of(file), StandardOpenOption.WRITE,
				StandardOpenOption.APPEND)) {
			out.println("HOLDING");
			out.flush();
			while (System.in.read() >= 0) {
				// hold the file open until the test closes our stdin
			}
			// the last chunk, then close
			channel.write(ByteBuffer.wrap("/>".getBytes(StandardCharsets.UTF_8)));
		}
	}

	private static void recover(String dir, PrintStream out) throws Exception {
		SharedDirectory directory = new SharedDirectory(spec(dir, Role.INBOUND), FileMode.MAILDIR);
		directory.createForReader();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		try (ClaimFolder claims = ClaimFolder.create(directory)) {
			out.println("READY");
			out.flush();
			in.readLine();
			out.println("RECOVERED " + claims.recoverAbandoned());
			out.flush();
			while (in.readLine() != null) {
				// keep the folder until the test closes our stdin
			}
		}
	}

	private static void read(String dir, String blockOn, PrintStream out) throws Exception {
		IpcServer server = new FileTransport().createServer(spec(dir, Role.INBOUND));
		server.start(new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) {
				throw new UnsupportedOperationException("the file transport passes attributes");
			}

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes)
					throws InterruptedException {
				String text = new String(payload, StandardCharsets.UTF_8);
				if (text.equals(blockOn)) {
					out.println("BLOCKED " + text);
					out.flush();
					new CountDownLatch(1).await(); // hang mid-message until killed
				}
				out.println("MSG " + text);
				out.flush();
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, Peer peer) {
				out.println("ERROR " + reason.tag() + " " + cause.getMessage());
				out.flush();
			}

		});
		out.println("READY");
		out.flush();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		while (in.readLine() != null) {
			// run until the test closes our stdin
		}
		server.close();
		out.println("CLOSED");
		out.flush();
		System.exit(0);
	}

}
