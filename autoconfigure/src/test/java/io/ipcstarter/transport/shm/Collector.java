package io.ipcstarter.transport.shm;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;

/** An inbound listener that keeps every message (as text) and every error, for assertions. */
final class Collector implements InboundListener {

	final BlockingQueue<String> messages = new LinkedBlockingQueue<>();

	final List<ErrorReason> errors = new CopyOnWriteArrayList<>();

	final List<Throwable> causes = new CopyOnWriteArrayList<>();

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
		String text = new String(payload, StandardCharsets.UTF_8);
		if (reply != Reply.NONE) {
			reply.send(text.toUpperCase().getBytes(StandardCharsets.UTF_8));
		}
		this.messages.add(text);
	}

	@Override
	public void onError(ErrorReason reason, Throwable cause, Peer peer) {
		this.errors.add(reason);
		this.causes.add(cause);
	}

}
