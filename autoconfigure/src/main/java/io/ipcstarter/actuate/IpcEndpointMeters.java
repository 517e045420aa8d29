package io.ipcstarter.actuate;

import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcEndpointObserver;
import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.Role;

/**
 * The meters of one endpoint (see {@link IpcMetrics}), made up front so recording
 * allocates nothing.
 * <p>
 * Only the series the endpoint's role can move are made up front: {@code direction=in}
 * where messages or replies come in (inbound, inbound-gateway, and the replies of an
 * outbound-gateway), {@code direction=out} and {@code ipc.send} where they go out
 * (outbound, outbound-gateway, and the replies of an inbound-gateway). Should an event
 * ever arrive for a series not made, it is made then: nothing is dropped.
 * <p>
 * {@code ipc.messages{outcome=error}} counts messages that were lost to a failure: on an
 * outbound endpoint every failed send; on an inbound endpoint every frame rejected as
 * {@code decode} or {@code oversize}, and every message the OS reports {@code dropped}.
 * Other failures (a rejected peer, a failing handler after the message was received)
 * count in {@code ipc.errors} only, so that a message is never counted twice.
 */
final class IpcEndpointMeters implements IpcEndpointObserver {

	private final MeterRegistry registry;

	private final Tags tags;

	private Counter inSuccess;

	private Counter inError;

	private Counter outSuccess;

	private Counter outError;

	private DistributionSummary bytesIn;

	private DistributionSummary bytesOut;

	private Timer send;

	private final Counter[] errorsByReason;

	private final boolean inbound;

	IpcEndpointMeters(MeterRegistry registry, IpcEndpoint endpoint) {
		EndpointSpec spec = endpoint.getSpec();
		Role role = spec.role();
		this.registry = registry;
		this.tags = Tags.of("endpoint", spec.name(), "transport", spec.transport());
		this.inbound = role.isInbound();
		if (role.isInbound() || role == Role.OUTBOUND_GATEWAY) {
			inSuccess();
			bytesIn();
		}
		if (role.isInbound()) {
			inError();
		}
		if (!role.isInbound() || role == Role.INBOUND_GATEWAY) {
			outSuccess();
			bytesOut();
			send();
		}
		if (!role.isInbound()) {
			outError();
		}
		Gauge.builder("ipc.connections", endpoint, IpcEndpoint::getPeerCount)
			.description("Peers connected now")
			.baseUnit("connections")
			.tags(this.tags)
			.strongReference(true)
			.register(registry);
		registerBacklog(registry, endpoint, this.tags);
		ErrorReason[] reasons = ErrorReason.values();
		this.errorsByReason = new Counter[reasons.length];
		for (ErrorReason reason : reasons) {
			this.errorsByReason[reason.ordinal()] = Counter.builder("ipc.errors")
				.description("Failures that did not stop the endpoint, by reason")
				.baseUnit("errors")
				.tags(this.tags)
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	// Each series is made once; a race between two first events is harmless: the registry
	// returns one meter per id

	private Counter inSuccess() {
		if (this.inSuccess == null) {
			this.inSuccess = messages("in", "success");
		}
		return this.inSuccess;
	}

	private Counter inError() {
		if (this.inError == null) {
			this.inError = messages("in", "error");
		}
		return this.inError;
	}

	private Counter outSuccess() {
		if (this.outSuccess == null) {
			this.outSuccess = messages("out", "success");
		}
		return this.outSuccess;
	}

	private Counter outError() {
		if (this.outError == null) {
			this.outError = messages("out", "error");
		}
		return this.outError;
	}

	private DistributionSummary bytesIn() {
		if (this.bytesIn == null) {
			this.bytesIn = bytes("in");
		}
		return this.bytesIn;
	}

	private DistributionSummary bytesOut() {
		if (this.bytesOut == null) {
			this.bytesOut = bytes("out");
		}
		return this.bytesOut;
	}

	private Timer send() {
		if (this.send == null) {
			this.send = Timer.builder("ipc.send")
				.description("Time an outbound send takes until the transport has the message, or a gateway round trip")
				.tags(this.tags)
				.register(this.registry);
		}
		return this.send;
	}

	/**
	 * {@code ipc.backlog} and {@code ipc.receive.lag}, only where the transport can tell;
	 * read on each scrape (NaN while the endpoint is stopped), so receiving costs nothing
	 * more.
	 */
	private static void registerBacklog(MeterRegistry registry, IpcEndpoint endpoint, Tags tags) {
		BacklogReporting reporting = endpoint.getBacklogReporting();
		if (reporting.backlog()) {
			Gauge.builder("ipc.backlog", endpoint, IpcEndpointMeters::backlog)
				.description("What waits for the endpoint in its transport's queue, unread: ring bytes (shared-memory) "
						+ "or files (file)")
				.baseUnit(reporting.unit())
				.tags(tags)
				.strongReference(true)
				.register(registry);
		}
		if (reporting.age()) {
			TimeGauge.builder("ipc.receive.lag", endpoint, TimeUnit.MILLISECONDS, IpcEndpointMeters::lag)
				.description("Age of the oldest message waiting for the endpoint; 0 when none waits")
				.tags(tags)
				.strongReference(true)
				.register(registry);
		}
	}

	private static double backlog(IpcEndpoint endpoint) {
		long backlog = endpoint.getBacklog();
		return (backlog >= 0) ? backlog : Double.NaN;
	}

	private static double lag(IpcEndpoint endpoint) {
		long millis = endpoint.getOldestWaitingMillis();
		return (millis >= 0) ? millis : Double.NaN;
	}

	private Counter messages(String direction, String outcome) {
		return Counter.builder("ipc.messages")
			.description("Messages received (in) or sent (out), by outcome")
			.baseUnit("messages")
			.tags(this.tags)
			.tag("direction", direction)
			.tag("outcome", outcome)
			.register(this.registry);
	}

	private DistributionSummary bytes(String direction) {
		return DistributionSummary.builder("ipc.bytes")
			.description("Sizes of messages received (in) or sent (out), as on the wire")
			.baseUnit(BaseUnits.BYTES)
			.tags(this.tags)
			.tag("direction", direction)
			.register(this.registry);
	}

	@Override
	public void received(int bytes) {
		inSuccess().increment();
		bytesIn().record(bytes);
	}

	@Override
	public void sent(int bytes, long nanos) {
		outSuccess().increment();
		bytesOut().record(bytes);
		send().record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(ErrorReason reason, Throwable cause) {
		this.errorsByReason[reason.ordinal()].increment();
		if (!this.inbound) {
			outError().increment();
		}
		else if (reason == ErrorReason.DECODE || reason == ErrorReason.OVERSIZE || reason == ErrorReason.DROPPED) {
			inError().increment();
		}
	}

}
