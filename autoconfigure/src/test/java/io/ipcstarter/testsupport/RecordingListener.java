package io.ipcstarter.testsupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;

import static org.assertj.core.api.Assertions.fail;

/**
 * An {@link InboundListener} for tests: queues every message (with its peer and
 * attributes) and every error, and for gateways answers with a function of the request
 * (the function also runs for one-way endpoints, e.g. to hold the reader, but their
 * {@link Reply#NONE} is sent nothing, so one listener serves both roles). Waiting is
 * always bounded ({@link BlockingQueue#poll(long, TimeUnit)}), never a sleep; a wait that
 * runs out fails the test and says what arrived instead.
 */
public class RecordingListener implements InboundListener {

	/** How long a test waits for something that should arrive. */
	public static final Duration WAIT = Duration.ofSeconds(10);

	/** A message as received. */
	public record Received(byte[] payload, Peer peer, Map<String, ?> attributes) {

		public String text() {
			return new String(this.payload, StandardCharsets.UTF_8);
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

	/** A listener that records and never answers. */
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

	/** A listener answering every request with its UTF-8 text in upper case. */
	public static RecordingListener upperCasing() {
		return answering((request) -> new String(request, StandardCharsets.UTF_8).toUpperCase()
			.getBytes(StandardCharsets.UTF_8));
	}

	public void responder(Responder responder) {
		this.responder = responder;
	}

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply) throws Exception {
		onMessage(payload, peer, reply, Map.of());
	}

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) throws Exception {
		this.messages.add(new Received(payload, peer, attributes));
		Responder r = this.responder;
		if (r != null) {
			byte[] answer = r.respond(payload);
			if (answer != null && reply != Reply.NONE) {
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
		return next(WAIT);
	}

	/** The next message, failing the test when none arrives within {@code timeout}. */
	public Received next(Duration timeout) throws InterruptedException {
		Received r = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (r == null) {
			fail("No message arrived within " + timeout + "; errors so far: " + this.errors);
		}
		return r;
	}

	/** The next message's payload as UTF-8 text, waiting at most {@link #WAIT}. */
	public String nextText() throws InterruptedException {
		return next().text();
	}

	/** The next message's payload as UTF-8 text, waiting at most {@code timeout}. */
	public String nextText(Duration timeout) throws InterruptedException {
		return next(timeout).text();
	}

	/** The next message if one arrives within {@code wait}, else {@code null}. */
	public Received poll(Duration wait) throws InterruptedException {
		return this.messages.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * The next failure, whatever its reason, failing the test when none comes within
	 * {@code timeout}.
	 */
	public Failure nextError(Duration timeout) throws InterruptedException {
		Failure f = this.errors.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		if (f == null) {
			fail("No error reported within " + timeout + "; messages so far: " + this.messages.size());
		}
		return f;
	}

	/**
	 * Wait for a failure with the given reason, skipping others (e.g. the {@code IO}
	 * error of a peer that went away), failing the test when none comes within
	 * {@link #WAIT}.
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

	/** The messages not yet taken, for assertions on their number or absence. */
	public BlockingQueue<Received> messages() {
		return this.messages;
	}

	/** The failures not yet taken, for assertions on their reasons or absence. */
	public BlockingQueue<Failure> errors() {
		return this.errors;
	}

}
