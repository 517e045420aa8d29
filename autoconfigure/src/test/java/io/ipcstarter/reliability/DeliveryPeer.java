package io.ipcstarter.reliability;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.transport.Delivery;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcClient;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;
import io.ipcstarter.transport.dde.DdeOptions;
import io.ipcstarter.transport.registry.RegistryOptions;

/**
 * A plain-Java peer (its own JVM, no Spring: it starts in well under a second) for the
 * crash tests: one endpoint of the transport layer, and one line on standard output per
 * event, flushed at once, so that what a process killed with -9 had done is on record:
 * <ul>
 * <li>{@code receive <transport> <address> <delivery> <handler-micros>}: serve an inbound
 * endpoint, print {@code R <payload>} for each message (in the handler, before it
 * returns, so before an acknowledgement), then work {@code handler-micros}; runs until
 * its standard input ends;</li>
 * <li>{@code send <transport> <address> <delivery> <count> [<rate>]}: send
 * {@code 0 ... count-1}, at most {@code rate} a second when given, printing {@code S <n>}
 * when a send returned and {@code F <n> <reason> <message>} when it threw, then
 * {@code DONE}.</li>
 * </ul>
 * On {@code dde} the receiver is a DDE server ({@code inbound-gateway}, the role that
 * takes pokes; it answers each with an empty reply once handled) and the sender pokes the
 * item {@code n}. On {@code registry} the address is a key and both sides use its value
 * {@code n}: the sender writes it, the receiver watches it.
 */
public final class DeliveryPeer {

	private static final PrintStream OUT = new PrintStream(System.out, false, StandardCharsets.US_ASCII);

	private DeliveryPeer() {
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		IpcTransport transport = Transports.get(args[1]);
		boolean dde = args[1].equals("dde");
		Role role = mode.equals("receive") ? (dde ? Role.INBOUND_GATEWAY : Role.INBOUND) : Role.OUTBOUND;
		DdeOptions ddeOptions = new DdeOptions();
		ddeOptions.setItem("n");
		RegistryOptions registryOptions = new RegistryOptions();
		registryOptions.setValue("n");
		EndpointSpec spec = EndpointSpec.builder(mode, args[1], role, args[2])
			.option(DdeOptions.class, dde ? ddeOptions : null)
			.option(RegistryOptions.class, args[1].equals("registry") ? registryOptions : null)
			.delivery(Delivery.valueOf(args[3].toUpperCase(java.util.Locale.ROOT)))
			.sendTimeout(Duration.ofSeconds(30))
			// the default reader pool keeps an idle thread for 5 s; 1 s lets the tests
			// see threads come back sooner
			.connectionExecutor(
					new ThreadPoolExecutor(0, Integer.MAX_VALUE, 1, TimeUnit.SECONDS, new SynchronousQueue<>()))
			.build();
		if (mode.equals("receive")) {
			receive(transport, spec, Long.parseLong(args[4]) * 1000);
		}
		else {
			send(transport, spec, Integer.parseInt(args[4]), (args.length > 5) ? Integer.parseInt(args[5]) : 0);
		}
	}

	private static void receive(IpcTransport transport, EndpointSpec spec, long handlerNanos) throws Exception {
		try (IpcServer server = transport.createServer(spec)) {
			server.start(new InboundListener() {

				@Override
				public void onMessage(byte[] payload, Peer peer, Reply reply) {
					say("R " + new String(payload, StandardCharsets.US_ASCII));
					if (handlerNanos > 0) {
						LockSupport.parkNanos(handlerNanos);
					}
					if (spec.role() == Role.INBOUND_GATEWAY) {
						try {
							reply.send(new byte[0]);
						}
						catch (IOException ex) {
							say("E reply " + ex.getMessage());
						}
					}
				}

				@Override
				public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
					say("E " + reason.tag());
				}

			});
			say("READY " + server.address());
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
			while (in.readLine() != null) {
				// runs until its input ends (or it is killed)
			}
		}
	}

	private static void send(IpcTransport transport, EndpointSpec spec, int count, int rate) {
		long interval = (rate > 0) ? TimeUnit.SECONDS.toNanos(1) / rate : 0;
		try (IpcClient client = transport.createClient(spec)) {
			say("READY");
			long next = System.nanoTime();
			for (int i = 0; i < count; i++) {
				if (interval > 0) {
					next = pace(next, interval);
				}
				try {
					client.send(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
					say("S " + i);
				}
				catch (IOException ex) {
					say("F " + i + " " + ((ex instanceof IpcException ipc) ? ipc.reason().tag() : "io") + " "
							+ ex.getMessage());
				}
			}
			say("DONE");
		}
	}

	/**
	 * Wait for the next send's turn; after a stall (a receiver restarting) the rate
	 * starts again from now rather than catching up in a burst.
	 * @return the time of this send's turn
	 */
	private static long pace(long previous, long interval) {
		long next = previous + interval;
		long wait = next - System.nanoTime();
		if (wait > 0) {
			LockSupport.parkNanos(wait);
			return next;
		}
		return (wait < -TimeUnit.MILLISECONDS.toNanos(100)) ? System.nanoTime() : next;
	}

	private static void say(String line) {
		synchronized (OUT) {
			OUT.println(line);
			OUT.flush();
		}
	}

}
