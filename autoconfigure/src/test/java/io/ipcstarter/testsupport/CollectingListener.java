package io.ipcstarter.testsupport;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;

/**
 * An {@link InboundListener} that queues what it is told, for tests to take with a bounded wait.
 */
public class CollectingListener implements InboundListener {

	/** A failure the server reported. */
	public record Failure(ErrorReason reason, Throwable cause, Peer peer) {
	}

	/** A message with its peer. */
	public record Received(byte[] payload, Peer peer) {

		public String text() {
			return new String(this.payload, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

	private final BlockingQueue<Failure> errors = new LinkedBlockingQueue<>();

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
		this.messages.add(new Received(payload, peer));
	}

	@Override
	public void onError(ErrorReason reason, Throwable cause, Peer peer) {
		this.errors.add(new Failure(reason, cause, peer));
	}

	/** The next message, or an {@link AssertionError} after the timeout. */
	public Received message(Duration timeout) throws InterruptedException {
		Received r = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (r == null) {
			throw new AssertionError("no message within " + timeout + "; errors so far: " + this.errors);
		}
		return r;
	}

	/** The next message's text (UTF-8). */
	public String text(Duration timeout) throws InterruptedException {
		return message(timeout).text();
	}

	/** The next failure, or an {@link AssertionError} after the timeout. */
	public Failure error(Duration timeout) throws InterruptedException {
		Failure f = this.errors.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (f == null) {
			throw new AssertionError("no error reported within " + timeout + "; messages so far: " + this.messages.size());
		}
		return f;
	}

	public BlockingQueue<Received> messages() {
		return this.messages;
	}

	public BlockingQueue<Failure> errors() {
		return this.errors;
	}

}
