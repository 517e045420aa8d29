package io.ipcstarter.integration;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

import io.ipcstarter.transport.EndpointSpec;

/**
 * The observations of IPC endpoints: {@code ipc.outbound} around each send or request,
 * {@code ipc.inbound} around each receipt and its downstream handling. Low-cardinality
 * keys: {@code endpoint}, {@code transport} and {@code direction}, the tags of the
 * {@code ipc.*} meters, so that the timers a meter observation handler makes of them sit
 * in the same namespace with the same tags; and {@code role}. The names differ from the
 * {@code ipc.*} meters on purpose: a meter observation handler turns each observation
 * into a timer of the same name.
 */
final class IpcObservations {

	/** Name of the observation of a send or request. */
	static final String OUTBOUND = "ipc.outbound";

	/** Name of the observation of a receipt. */
	static final String INBOUND = "ipc.inbound";

	private IpcObservations() {
	}

	static Observation outbound(EndpointSpec spec, SenderContext<?> context, ObservationRegistry registry) {
		return keys(Observation.createNotStarted(OUTBOUND, () -> context, registry), spec, "out")
			.contextualName(spec.name() + " send");
	}

	static Observation inbound(EndpointSpec spec, ReceiverContext<?> context, ObservationRegistry registry) {
		return keys(Observation.createNotStarted(INBOUND, () -> context, registry), spec, "in")
			.contextualName(spec.name() + " receive");
	}

	private static Observation keys(Observation observation, EndpointSpec spec, String direction) {
		return observation.lowCardinalityKeyValue("endpoint", spec.name())
			.lowCardinalityKeyValue("transport", spec.transport())
			.lowCardinalityKeyValue("direction", direction)
			.lowCardinalityKeyValue("role", spec.role().id());
	}

}
