package io.ipcstarter.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

import org.springframework.context.Lifecycle;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcEndpointObserver;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;

/**
 * What one IPC endpoint has done since start-up (messages, errors, the last error) and
 * whether it is failing right now, for the health indicator and the {@code ipc} actuator
 * endpoint; it is the endpoint's observer and passes every event on to further observers
 * (its meters). Needs no Micrometer.
 * <p>
 * An outbound endpoint is <em>failing</em> from the first send that could not reach its
 * peer ({@code io}, {@code timeout}, {@code peer-rejected}) until the next send that
 * succeeds. An inbound endpoint is failing while its transport says every attempt at its
 * own work fails ({@link IpcEndpoint#getFailingSince()}: an accept loop, a directory
 * gone); a bad peer or a bad message never makes it failing.
 */
public final class IpcEndpointActivity implements IpcEndpointObserver {

	private final IpcEndpoint endpoint;

	private final Lifecycle lifecycle;

	private final IpcEndpointObserver[] delegates;

	private final Clock clock;

	private final boolean outbound;

	private final LongAdder received = new LongAdder();

	private final LongAdder sent = new LongAdder();

	private final LongAdder errors = new LongAdder();

	private volatile @Nullable LastError lastError;

	/** Epoch millis of the first failure of the current streak; 0 when not failing. */
	private volatile long failingSince;

	/**
	 * @param endpoint the endpoint observed
	 * @param lifecycle its lifecycle bean ({@code ipc.<name>}), which stops and starts it
	 * @param delegates further observers, called in order on every event
	 * @param clock the clock of error times
	 */
	public IpcEndpointActivity(IpcEndpoint endpoint, Lifecycle lifecycle, IpcEndpointObserver[] delegates,
			Clock clock) {
		this.endpoint = endpoint;
		this.lifecycle = lifecycle;
		this.delegates = delegates.clone();
		this.clock = clock;
		this.outbound = !endpoint.getSpec().role().isInbound();
	}

	public String name() {
		return this.endpoint.getSpec().name();
	}

	public EndpointSpec spec() {
		return this.endpoint.getSpec();
	}

	public IpcEndpoint endpoint() {
		return this.endpoint;
	}

	/** Whether the endpoint's lifecycle bean is running. */
	public boolean isRunning() {
		return this.lifecycle.isRunning();
	}

	/** Start the endpoint (no-op when running). */
	public void start() {
		this.lifecycle.start();
	}

	/**
	 * Stop the endpoint gracefully: in-flight messages finish first (no-op when stopped).
	 */
	public void stop() {
		this.lifecycle.stop();
	}

	/** Messages (and replies) received. */
	public long received() {
		return this.received.sum();
	}

	/** Messages (and replies) sent. */
	public long sent() {
		return this.sent.sum();
	}

	/** Failures of any reason. */
	public long errors() {
		return this.errors.sum();
	}

	/** The last failure, or {@code null}. */
	public @Nullable LastError lastError() {
		return this.lastError;
	}

	/**
	 * Since when an outbound endpoint cannot reach its peer, or an inbound endpoint's
	 * transport fails at its own work; {@code null} when it works.
	 */
	public @Nullable Instant failingSince() {
		long since = this.outbound ? this.failingSince : this.endpoint.getFailingSince();
		return (since != 0) ? Instant.ofEpochMilli(since) : null;
	}

	@Override
	public void received(int bytes) {
		this.received.increment();
		for (IpcEndpointObserver delegate : this.delegates) {
			delegate.received(bytes);
		}
	}

	@Override
	public void sent(int bytes, long nanos) {
		this.sent.increment();
		if (this.failingSince != 0) {
			this.failingSince = 0;
		}
		for (IpcEndpointObserver delegate : this.delegates) {
			delegate.sent(bytes, nanos);
		}
	}

	@Override
	public void failed(ErrorReason reason, Throwable cause) {
		this.errors.increment();
		long now = this.clock.millis();
		this.lastError = new LastError(reason.tag(), (cause != null) ? String.valueOf(cause.getMessage()) : null,
				Instant.ofEpochMilli(now));
		if (this.outbound && this.failingSince == 0
				&& (reason == ErrorReason.IO || reason == ErrorReason.TIMEOUT || reason == ErrorReason.PEER_REJECTED)) {
			this.failingSince = now;
		}
		for (IpcEndpointObserver delegate : this.delegates) {
			delegate.failed(reason, cause);
		}
	}

	/**
	 * A failure as reported.
	 *
	 * @param reason the {@code reason} tag, e.g. {@code decode}
	 * @param message what went wrong
	 * @param at when
	 */
	public record LastError(String reason, @Nullable String message, Instant at) {
	}

}
