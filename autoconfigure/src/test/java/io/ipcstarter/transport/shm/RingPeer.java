package io.ipcstarter.transport.shm;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * The other process of the cross-process tests: a second JVM started with the test class
 * path. <pre>
 * send ADDRESS TAG COUNT       sends "TAG:0" .. "TAG:COUNT-1" (COUNT -1: until killed); prints "done"
 * request ADDRESS COUNT        makes COUNT requests "r-i", expects "R-I" back; prints "done"
 * echo ADDRESS                 inbound gateway answering each request upper-cased; prints "ready"
 * consume ADDRESS [LOG]        inbound endpoint printing each message on a line (into the file LOG if given: one
 *                              unbuffered write per line, so a kill -9 loses nothing it wrote); prints "ready"
 * hang ADDRESS                 claims a record and never commits it; prints "claimed", then waits to be killed
 * pause ADDRESS                claims a record, prints "claimed", waits until the consumer has skipped it, then
 *                              commits it (a producer paused past unblock-timeout between claim and commit), sends
 *                              "late:0" as usual and prints "done"
 * </pre>
 */
public final class RingPeer {

	private RingPeer() {
	}

	static EndpointSpec spec(String address, Role role, Duration unblockTimeout) {
		SharedMemoryOptions options = new SharedMemoryOptions();
		options.setCapacity(org.springframework.util.unit.DataSize.ofKilobytes(256));
		options.setUnblockTimeout(unblockTimeout);
		return EndpointSpec.builder("peer", "shared-memory", role, address)
			.maxMessageSize(64 * 1024)
			.sendTimeout(Duration.ofSeconds(10))
			.replyTimeout(Duration.ofSeconds(10))
			.option(SharedMemoryOptions.class, options)
			.build();
	}

	public static void main(String[] args) throws Exception {
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		SharedMemoryTransport transport = new SharedMemoryTransport();
		String address = args[1];
		switch (args[0]) {
			case "send" -> {
				long count = Long.parseLong(args[3]);
				try (IpcClient client = transport.createClient(spec(address, Role.OUTBOUND, Duration.ofSeconds(5)))) {
					for (long i = 0; count < 0 || i < count; i++) {
						client.send((args[2] + ":" + i).getBytes(StandardCharsets.UTF_8));
					}
				}
				out.println("done");
			}
			case "request" -> {
				int count = Integer.parseInt(args[2]);
				// else the server answers in upper case
				boolean echoed = args.length > 3 && args[3].equals("echoed");
				try (IpcClient client = transport
					.createClient(spec(address, Role.OUTBOUND_GATEWAY, Duration.ofSeconds(5)))) {
					for (int i = 0; i < count; i++) {
						String reply = new String(client.request(("r-" + i).getBytes(StandardCharsets.UTF_8)),
								StandardCharsets.UTF_8);
						if (!reply.equals(echoed ? "r-" + i : "R-" + i)) {
							throw new AssertionError("reply " + reply + " to r-" + i);
						}
					}
				}
				out.println("done");
			}
			case "echo", "consume" -> {
				boolean echo = args[0].equals("echo");
				// a file, not stdout, when the lines must survive a kill -9: what a
				// killed child wrote into its stdout pipe has been seen to go missing on
				// the JDK's side (a restart test lost hundreds of lines)
				OutputStream log = (args.length > 2) ? new FileOutputStream(args[2], true) : null;
				IpcServer server = transport
					.createServer(spec(address, echo ? Role.INBOUND_GATEWAY : Role.INBOUND, Duration.ofSeconds(5)));
				server.start(new InboundListener() {

					@Override
					public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
						String text = new String(payload, StandardCharsets.UTF_8);
						if (echo) {
							reply.send(text.toUpperCase().getBytes(StandardCharsets.UTF_8));
						}
						else {
							line(text);
						}
					}

					@Override
					public void onError(ErrorReason reason, Throwable cause, Peer peer) {
						try {
							line("error " + reason.tag() + ": " + cause.getMessage());
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}

					private void line(String text) throws IOException {
						if (log == null) {
							out.println(text);
						}
						else {
							log.write((text + "\n").getBytes(StandardCharsets.UTF_8));
						}
					}

				});
				out.println("ready");
				new CountDownLatch(1).await();
			}
			case "hang" -> {
				RingBuffer ring = attach(address);
				// a producer's first steps only: claim 64 bytes and mark them claimed,
				// then stop dead
				ring.claimForTest(64);
				out.println("claimed");
				new CountDownLatch(1).await();
			}
			case "pause" -> {
				RingBuffer ring = attach(address);
				int index = ring.claimForTest(64);
				out.println("claimed");
				// "paused" until the consumer has given up on the record and moved past
				// it; on a fresh ring's first lap a position and a data index are the
				// same number
				long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
				while (ring.handledPosition() < index + 64) {
					if (System.nanoTime() - deadline > 0) {
						throw new IllegalStateException("the consumer did not skip the claimed record within 30 s");
					}
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
				}
				ring.commitForTest(index, 64);
				try (IpcClient client = transport.createClient(spec(address, Role.OUTBOUND, Duration.ofSeconds(5)))) {
					client.send("late:0".getBytes(StandardCharsets.UTF_8));
				}
				out.println("done");
			}
			default -> throw new IllegalArgumentException(args[0]);
		}
	}

	/**
	 * The ring at {@code address} (256 KB, as {@link #spec} configures it), mapped
	 * without an endpoint.
	 */
	private static RingBuffer attach(String address) throws IOException {
		RingAddress ring = RingAddress.resolve(address);
		return RingBuffer.attach(ring.mapper().openExisting(ring.location()).buffer(), 256 * 1024, address);
	}

}
