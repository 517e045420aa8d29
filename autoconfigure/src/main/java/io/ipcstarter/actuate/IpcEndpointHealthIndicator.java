package io.ipcstarter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import io.ipcstarter.integration.IpcEndpoint;

/**
 * Health of one IPC endpoint: {@code OUT_OF_SERVICE} when stopped (by an operator, or not auto-started);
 * {@code DOWN} when an outbound endpoint has not reached its peer, or an inbound endpoint's transport has failed at
 * its own work (accepting, scanning its directory), for longer than {@code ipc.health.down-after}; {@code UP}
 * otherwise. Details: transport, role, address, peers, the backlog where the transport can tell, and the last error
 * with its time.
 */
public final class IpcEndpointHealthIndicator implements HealthIndicator {

	private final IpcEndpointActivity activity;

	private final Duration downAfter;

	private final Clock clock;

	public IpcEndpointHealthIndicator(IpcEndpointActivity activity, Duration downAfter, Clock clock) {
		this.activity = activity;
		this.downAfter = downAfter;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Health.Builder builder;
		Instant failingSince = this.activity.failingSince();
		if (!this.activity.isRunning()) {
			builder = Health.outOfService().withDetail("state", "stopped");
		}
		else if (failingSince != null
				&& !failingSince.plus(this.downAfter).isAfter(Instant.ofEpochMilli(this.clock.millis()))) {
			builder = Health.down().withDetail("state", "started").withDetail("failingSince", failingSince.toString());
		}
		else {
			builder = Health.up().withDetail("state", "started");
		}
		builder.withDetail("transport", this.activity.spec().transport())
			.withDetail("role", this.activity.spec().role().id())
			.withDetail("address", this.activity.endpoint().getAddress())
			.withDetail("peers", this.activity.endpoint().getPeerCount());
		IpcEndpoint endpoint = this.activity.endpoint();
		if (endpoint.getBacklogReporting().backlog()) {
			long backlog = endpoint.getBacklog();
			if (backlog >= 0) {
				builder.withDetail("backlog", backlog).withDetail("backlogUnit", endpoint.getBacklogReporting().unit());
			}
		}
		if (endpoint.getBacklogReporting().age()) {
			long oldest = endpoint.getOldestWaitingMillis();
			if (oldest >= 0) {
				builder.withDetail("oldestWaitingMillis", oldest);
			}
		}
		IpcEndpointActivity.LastError last = this.activity.lastError();
		if (last != null) {
			builder.withDetail("lastError", last.reason() + ": " + last.message())
				.withDetail("lastErrorAt", last.at().toString());
		}
		return builder.build();
	}

}
