package io.ipcstarter.transport.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;

import static org.assertj.core.api.Assertions.fail;

/**
 * An {@link InboundListener} for tests: queues every message and error, and for gateways answers with a function of
 * the request. Waiting is always bounded ({@link BlockingQueue#poll(long, TimeUnit)}), never a sleep.
 */
public class RecordingListener implements InboundListener {

	/** How long a test waits for something that should arrive. */
	public static final Duration WAIT = Duration.ofSeconds(10);

	/** A message as received. */
	public record Received(byte[] payload, Peer peer) {

		public String text() {
			return new String(this.payload, java.nio.charset.StandardCharsets.UTF_8);
		}

	}

	/** A failure as reported. */
	public record Failure(ErrorReason reason, Throwable cause, Peer peer) {
	}

	/** What a gateway answers with; {@code null} sends no reply. */
	public interface Responder {

		byte[] respond(byte[] request) throws Exception;

	}

	private final BlockingQueue<Received> messages = new LinkedBlockingQueue<>();

	private final BlockingQueue<Failure> errors = new LinkedBlockingQueue<>();

	private volatile Responder responder;

	public RecordingListener() {
		this(null);
	}

	public RecordingListener(Responder responder) {
		this.responder = responder;
	}

	/** A listener answering every request with the request itself. */
	public static RecordingListener echo() {
		return new RecordingListener(request -> request);
	}

	/** A listener answering every request with {@code f(request)}. */
	public static RecordingListener answering(UnaryOperator<byte[]> f) {
		return new RecordingListener(f::apply);
	}

	public void responder(Responder responder) {
		this.responder = responder;
	}

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
		this.messages.add(new Received(payload, peer));
		Responder r = this.responder;
		if (r != null) {
			byte[] answer = r.respond(payload);
			if (answer != null) {
				reply.send(answer);
			}
		}
	}

	@Override
	public void onError(ErrorReason reason, Throwable cause, Peer peer) {
		this.errors.add(new Failure(reason, cause, peer));
	}

	/** The next message, failing the test when none arrives within {@link #WAIT}. */
	public Received next() throws InterruptedException {
		Received r = this.messages.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		if (r == null) {
			fail("No message arrived within " + WAIT);
		}
		return r;
	}

	/** The next message's payload as UTF-8 text. */
	public String nextText() throws InterruptedException {
		return next().text();
	}

	/** The next message if one arrives within {@code wait}, else {@code null}. */
	public Received poll(Duration wait) throws InterruptedException {
		return this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * Wait for a failure with the given reason, skipping others (e.g. the {@code IO} error of a peer that went away),
	 * failing the test when none comes within {@link #WAIT}.
	 */
	public Failure awaitError(ErrorReason reason) throws InterruptedException {
		List<Failure> seen = new ArrayList<>();
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			long left = deadline - System.nanoTime();
			Failure f = (left > 0) ? this.errors.poll(left, TimeUnit.NANOSECONDS) : null;
			if (f == null) {
				fail("No " + reason + " error reported within " + WAIT + "; reported instead: " + seen);
			}
			if (f.reason() == reason) {
				return f;
			}
			seen.add(f);
		}
	}

	/** Failures reported so far and not yet taken. */
	public List<Failure> drainErrors() {
		List<Failure> out = new ArrayList<>();
		this.errors.drainTo(out);
		return out;
	}

}
