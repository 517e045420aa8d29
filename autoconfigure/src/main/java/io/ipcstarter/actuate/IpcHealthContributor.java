package io.ipcstarter.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code ipc} health contributor: one {@link IpcEndpointHealthIndicator} per endpoint, named like the endpoint.
 * Looked up on each call, so it is right whatever the order beans were made in.
 */
public final class IpcHealthContributor implements CompositeHealthContributor {

	private final IpcEndpoints endpoints;

	private final Duration downAfter;

	private final Clock clock;

	public IpcHealthContributor(IpcEndpoints endpoints, Duration downAfter, Clock clock) {
		this.endpoints = endpoints;
		this.downAfter = downAfter;
		this.clock = clock;
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		IpcEndpointActivity activity = this.endpoints.get(name);
		return (activity != null) ? new IpcEndpointHealthIndicator(activity, this.downAfter, this.clock) : null;
	}

	@Override
	public Stream<Entry> stream() {
		return this.endpoints.all()
			.stream()
			.map((activity) -> new Entry(activity.name(),
					new IpcEndpointHealthIndicator(activity, this.downAfter, this.clock)));
	}

}
