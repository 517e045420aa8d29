package io.ipcstarter.transport.file;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InboundListener;
import io.ipcstarter.transport.Peer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Records what a server reports, for bounded waits in tests.
 */
class RecordingListener implements InboundListener {

	record Received(String text, byte[] bytes, Map<String, ?> attributes) {
	}

	record Failure(ErrorReason reason, Throwable cause, Peer peer) {
	}

	final LinkedBlockingQueue<Received> messages = new LinkedBlockingQueue<>();

	final LinkedBlockingQueue<Failure> errors = new LinkedBlockingQueue<>();

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply) {
		onMessage(payload, peer, reply, Map.of());
	}

	@Override
	public void onMessage(byte[] payload, Peer peer, Reply reply, Map<String, ?> attributes) {
		this.messages.add(new Received(new String(payload, StandardCharsets.UTF_8), payload, attributes));
	}

	@Override
	public void onError(ErrorReason reason, Throwable cause, Peer peer) {
		this.errors.add(new Failure(reason, cause, peer));
	}

	Received next(Duration timeout) throws InterruptedException {
		Received r = this.messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(r).as("a message within %s (errors: %s)", timeout, this.errors).isNotNull();
		return r;
	}

	Failure nextError(Duration timeout) throws InterruptedException {
		Failure f = this.errors.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(f).as("an error within %s", timeout).isNotNull();
		return f;
	}

}
