package io.ipcstarter.transport.amqp;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.IpcServer;
import io.ipcstarter.transport.Peer;
import io.ipcstarter.transport.Role;

/**
 * A consumer in a JVM of its own, for the tests that kill it or its broker: an
 * {@code amqp} inbound server on the queue that prints {@code PEER:got <message>} once it
 * has handled each message (before the acknowledgement, which follows the listener's
 * return), taking the given milliseconds per message, and {@code PEER:error <reason>} for
 * what the endpoint reports (a lost broker). Arguments: broker port, queue, milliseconds
 * per message.
 */
public final class AmqpConsumerMain {

	private AmqpConsumerMain() {
	}

	public static void main(String[] args) throws Exception {
		long millis = Long.parseLong(args[2]);
		EndpointSpec spec = EndpointSpec.builder("consumer", "amqp", Role.INBOUND, args[1])
			.option(AmqpOptions.class, new AmqpOptions().withBroker(AmqpBroker.localhost(Integer.parseInt(args[0]))))
			.build();
		IpcServer server = new AmqpTransport().createServer(spec);
		CountDownLatch ready = new CountDownLatch(1);
		server.start(new InboundListener() {

			@Override
			public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
				ready.await(); // "ready" is the first line a test reads
				System.out.println(PeerProcess.SAID + "got " + new String(payload, StandardCharsets.UTF_8));
				System.out.flush();
				Thread.sleep(millis);
			}

			@Override
			public void onError(ErrorReason reason, Throwable cause, @Nullable Peer peer) {
				System.out.println(PeerProcess.SAID + "error " + reason.tag() + " " + cause.getMessage());
				System.out.flush();
			}

		});
		System.out.println(PeerProcess.SAID + "ready");
		System.out.flush();
		ready.countDown();
		new CountDownLatch(1).await(); // until killed
	}

}
