package io.ipcstarter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code ipc} health contributor: one {@link IpcEndpointHealthIndicator} per
 * endpoint, named like the endpoint. Looked up on each call, so it is right whatever the
 * order beans were made in.
 */
public final class IpcHealthContributor implements CompositeHealthContributor {

	private final IpcEndpoints endpoints;

	private final Duration downAfter;

	private final Status failing;

	private final Status stopped;

	private final Clock clock;

	/**
	 * @param downAfter how long an endpoint may fail before it is {@code failing}
	 * @param failing the status of an endpoint failing for longer than {@code downAfter}
	 * @param stopped the status of a stopped endpoint
	 */
	public IpcHealthContributor(IpcEndpoints endpoints, Duration downAfter, Status failing, Status stopped,
			Clock clock) {
		this.endpoints = endpoints;
		this.downAfter = downAfter;
		this.failing = failing;
		this.stopped = stopped;
		this.clock = clock;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		IpcEndpointActivity activity = this.endpoints.get(name);
		return (activity != null) ? indicator(activity) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.endpoints.all().stream().map((activity) -> new Entry(activity.name(), indicator(activity)));
	}

	private IpcEndpointHealthIndicator indicator(IpcEndpointActivity activity) {
		return new IpcEndpointHealthIndicator(activity, this.downAfter, this.failing, this.stopped, this.clock);
	}

}
