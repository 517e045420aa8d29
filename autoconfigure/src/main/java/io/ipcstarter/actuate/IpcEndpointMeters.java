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

/**
 * The meters of one endpoint (see {@link IpcMetrics}), all made up front so recording allocates nothing.
 * <p>
 * {@code ipc.messages{outcome=error}} counts messages that were lost to a failure: on an outbound endpoint every
 * failed send; on an inbound endpoint every frame rejected as {@code decode} or {@code oversize}. Other failures
 * (a rejected peer, a failing handler after the message was received) count in {@code ipc.errors} only, so that a
 * message is never counted twice.
 */
final class IpcEndpointMeters implements IpcEndpointObserver {

	private final Counter inSuccess;

	private final Counter inError;

	private final Counter outSuccess;

	private final Counter outError;

	private final DistributionSummary bytesIn;

	private final DistributionSummary bytesOut;

	private final Timer send;

	private final Counter[] errorsByReason;

	private final boolean inbound;

	IpcEndpointMeters(MeterRegistry registry, IpcEndpoint endpoint) {
		EndpointSpec spec = endpoint.getSpec();
		Tags tags = Tags.of("endpoint", spec.name(), "transport", spec.transport());
		this.inbound = spec.role().isInbound();
		this.inSuccess = messages(registry, tags, "in", "success");
		this.inError = messages(registry, tags, "in", "error");
		this.outSuccess = messages(registry, tags, "out", "success");
		this.outError = messages(registry, tags, "out", "error");
		this.bytesIn = bytes(registry, tags, "in");
		this.bytesOut = bytes(registry, tags, "out");
		this.send = Timer.builder("ipc.send")
			.description("Time an outbound send takes until the transport has the message, or a gateway round trip")
			.tags(tags)
			.register(registry);
		Gauge.builder("ipc.connections", endpoint, IpcEndpoint::getPeerCount)
			.description("Peers connected now")
			.baseUnit("connections")
			.tags(tags)
			.strongReference(true)
			.register(registry);
		registerBacklog(registry, endpoint, tags);
		ErrorReason[] reasons = ErrorReason.values();
		this.errorsByReason = new Counter[reasons.length];
		for (ErrorReason reason : reasons) {
			this.errorsByReason[reason.ordinal()] = Counter.builder("ipc.errors")
				.description("Failures that did not stop the endpoint, by reason")
				.baseUnit("errors")
				.tags(tags)
				.tag("reason", reason.tag())
				.register(registry);
		}
	}

	/**
	 * {@code ipc.backlog} and {@code ipc.receive.lag}, only where the transport can tell; read on each scrape (NaN
	 * while the endpoint is stopped), so receiving costs nothing more.
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

	private static Counter messages(MeterRegistry registry, Tags tags, String direction, String outcome) {
		return Counter.builder("ipc.messages")
			.description("Messages received (in) or sent (out), by outcome")
			.baseUnit("messages")
			.tags(tags)
			.tag("direction", direction)
			.tag("outcome", outcome)
			.register(registry);
	}

	private static DistributionSummary bytes(MeterRegistry registry, Tags tags, String direction) {
		return DistributionSummary.builder("ipc.bytes")
			.description("Sizes of messages received (in) or sent (out), as on the wire")
			.baseUnit(BaseUnits.BYTES)
			.tags(tags)
			.tag("direction", direction)
			.register(registry);
	}

	@Override
	public void received(int bytes) {
		this.inSuccess.increment();
		this.bytesIn.record(bytes);
	}

	@Override
	public void sent(int bytes, long nanos) {
		this.outSuccess.increment();
		this.bytesOut.record(bytes);
		this.send.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void failed(ErrorReason reason, Throwable cause) {
		this.errorsByReason[reason.ordinal()].increment();
		if (!this.inbound) {
			this.outError.increment();
		}
		else if (reason == ErrorReason.DECODE || reason == ErrorReason.OVERSIZE) {
			this.inError.increment();
		}
	}

}
