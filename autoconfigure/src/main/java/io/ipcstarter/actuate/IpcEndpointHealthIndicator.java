package io.ipcstarter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import io.ipcstarter.integration.IpcEndpoint;

/**
 * Health of one IPC endpoint: the stopped status when stopped (by an operator, or not
 * auto-started); the failing status when an outbound endpoint has not reached its peer,
 * or an inbound endpoint's transport has failed at its own work (accepting, scanning its
 * directory), for longer than {@code ipc.health.down-after}; {@code UP} otherwise.
 * Details: transport, role, address, peers, the backlog where the transport can tell, and
 * the last error in the shape the {@code ipc} actuator endpoint shows it.
 * <p>
 * The default statuses, {@link #FAILING} and {@link #STOPPED}, are not in Spring Boot's
 * status order, so they show here without changing the application's overall status: one
 * IPC link is not the whole application.
 */
public final class IpcEndpointHealthIndicator implements HealthIndicator {

	/** Default status of an endpoint failing for longer than {@code down-after}. */
	public static final Status FAILING = new Status("FAILING");

	/** Default status of a stopped endpoint. */
	public static final Status STOPPED = new Status("STOPPED");

	private final IpcEndpointActivity activity;

	private final Duration downAfter;

	private final Status failing;

	private final Status stopped;

	private final Clock clock;

	/**
	 * @param downAfter how long the endpoint may fail before it is {@code failing}
	 * @param failing the status of an endpoint failing for longer than {@code downAfter}
	 * @param stopped the status of a stopped endpoint
	 */
	public IpcEndpointHealthIndicator(IpcEndpointActivity activity, Duration downAfter, Status failing, Status stopped,
			Clock clock) {
		this.activity = activity;
		this.downAfter = downAfter;
		this.failing = failing;
		this.stopped = stopped;
		this.clock = clock;
	}

	@Override
	public Health health() {
		Health.Builder builder;
		Instant failingSince = this.activity.failingSince();
		if (!this.activity.isRunning()) {
			builder = Health.status(this.stopped).withDetail("state", "stopped");
		}
		else if (failingSince != null
				&& !failingSince.plus(this.downAfter).isAfter(Instant.ofEpochMilli(this.clock.millis()))) {
			builder = Health.status(this.failing)
				.withDetail("state", "started")
				.withDetail("failingSince", failingSince.toString());
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
			builder.withDetail("lastError", last);
		}
		return builder.build();
	}

}
