package io.ipcstarter.actuate;

import java.util.Map;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;

/**
 * Gives the meters that a meter observation handler makes of the {@code ipc.outbound} and
 * {@code ipc.inbound} observations a description (the Prometheus {@code # HELP} line):
 * the handler registers them with none, and an observation has no place to carry one.
 */
public final class IpcObservationMeterDescriptions implements MeterFilter {

	private static final Map<String, String> DESCRIPTIONS = Map.of( //
			"ipc.outbound", "Sends and requests of IPC endpoints, observed (a request until its reply)",
			"ipc.outbound.active", "Sends and requests of IPC endpoints in progress", "ipc.inbound",
			"Messages received by IPC endpoints, observed with their handling downstream", "ipc.inbound.active",
			"Messages received by IPC endpoints whose handling is in progress");

	@Override
	public Meter.Id map(Meter.Id id) {
		String description = DESCRIPTIONS.get(id.getName());
		if (description == null || id.getDescription() != null) {
			return id;
		}
		return new Meter.Id(id.getName(), Tags.of(id.getTagsAsIterable()), id.getBaseUnit(), description, id.getType());
	}

}
