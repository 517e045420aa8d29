package io.ipcstarter.transport.pipe;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.Role;

/**
 * The second process of the named-pipe tests (a separate JVM, Windows under Wine or
 * Linux):
 * <ul>
 * <li>{@code request NAME TEXT} — an outbound gateway; prints the reply;</li>
 * <li>{@code bad NAME} — opens the pipe as a plain file three times: a good frame, a
 * frame announcing 2 GB, then half a frame and the process dies ({@code Runtime.halt})
 * with the pipe open.</li>
 * </ul>
 */
public final class PipePeerMain {

	private PipePeerMain() {
	}

	public static void main(String[] args) throws Exception {
		String name = args[1];
		switch (args[0]) {
			case "request" -> {
				EndpointSpec spec = EndpointSpec.builder("peer", "named-pipe", Role.OUTBOUND_GATEWAY, name).build();
				try (IpcClient client = new NamedPipeTransport().createClient(spec)) {
					byte[] reply = client.request(args[2].getBytes(StandardCharsets.UTF_8));
					System.out.println(new String(reply, StandardCharsets.UTF_8));
				}
			}
			case "bad" -> {
				String path = PipeName.WINDOWS_PREFIX + name;
				try (RandomAccessFile good = open(path)) {
					good.write(frame(4, "good"));
				}
				try (RandomAccessFile oversize = open(path)) {
					oversize.write(frame(0x7fff0000, "zz"));
				}
				RandomAccessFile cut = open(path);
				cut.write(frame(100, "abc"));
				System.out.println("dying");
				System.out.flush();
				Runtime.getRuntime().halt(3);
			}
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	/**
	 * Opens the pipe as a file, retrying while all instances are busy (the server makes
	 * the next one per client).
	 */
	private static RandomAccessFile open(String path) throws Exception {
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (true) {
			try {
				return new RandomAccessFile(path, "rw");
			}
			catch (java.io.FileNotFoundException ex) {
				if (System.nanoTime() > deadline) {
					throw ex;
				}
				// back off before the next attempt
				java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
			}
		}
	}

	private static byte[] frame(int length, String bytes) {
		byte[] b = bytes.getBytes(StandardCharsets.US_ASCII);
		return ByteBuffer.allocate(4 + b.length).putInt(length).put(b).array();
	}

}
