package io.ipcstarter.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.transport.BacklogReporting;

/**
 * The {@code ipc} actuator endpoint: {@code GET /actuator/ipc} lists every IPC endpoint,
 * {@code GET /actuator/ipc/{name}} shows one, {@code POST /actuator/ipc/{name}} with
 * {@code {"state":"stopped"}} or {@code {"state":"started"}} stops (gracefully: in-flight
 * messages finish) or starts one.
 * <p>
 * Read-only unless {@code management.endpoint.ipc.access=unrestricted}: stopping a link
 * is an operator's decision.
 */
@Endpoint(id = "ipc", defaultAccess = Access.READ_ONLY)
public class IpcActuatorEndpoint {

	private final IpcEndpoints endpoints;

	public IpcActuatorEndpoint(IpcEndpoints endpoints) {
		this.endpoints = endpoints;
	}

	@ReadOperation
	public IpcEndpointsDescriptor endpoints() {
		Map<String, IpcEndpointDescriptor> all = new LinkedHashMap<>();
		for (IpcEndpointActivity activity : this.endpoints.all()) {
			all.put(activity.name(), IpcEndpointDescriptor.of(activity));
		}
		return new IpcEndpointsDescriptor(all);
	}

	/** One endpoint; {@code null} (404) when there is none of that name. */
	@ReadOperation
	public @Nullable IpcEndpointDescriptor endpoint(@Selector String name) {
		IpcEndpointActivity activity = this.endpoints.get(name);
		return (activity != null) ? IpcEndpointDescriptor.of(activity) : null;
	}

	/**
	 * Stop or start one endpoint; returns it as it is afterwards, or {@code null} when
	 * there is none of that name (over HTTP {@link IpcActuatorEndpointWebExtension} turns
	 * that into 404).
	 * @param state {@code stopped} or {@code started}
	 */
	@WriteOperation
	public @Nullable IpcEndpointDescriptor state(@Selector String name, String state) {
		IpcEndpointActivity activity = this.endpoints.get(name);
		if (activity == null) {
			return null;
		}
		switch (String.valueOf(state)) {
			case "stopped" -> activity.stop();
			case "started" -> activity.start();
			default -> throw new InvalidEndpointRequestException(
					"state must be \"stopped\" or \"started\", was " + state, "Invalid state");
		}
		return IpcEndpointDescriptor.of(activity);
	}

	/**
	 * Every endpoint by name.
	 *
	 * @param endpoints the endpoints, sorted by name
	 */
	public record IpcEndpointsDescriptor(Map<String, IpcEndpointDescriptor> endpoints) {
	}

	/**
	 * One endpoint as the actuator shows it.
	 *
	 * @param name endpoint name
	 * @param transport transport id
	 * @param role role id
	 * @param address where it listens or sends now
	 * @param state {@code started} or {@code stopped}
	 * @param peers peers connected now
	 * @param messagesIn messages (and replies) received
	 * @param messagesOut messages (and replies) sent
	 * @param errors failures
	 * @param lastError the last failure, or {@code null}
	 * @param backlog what waits unread in the transport's queue, or {@code null} when it
	 * cannot tell (or is stopped)
	 * @param backlogUnit {@code bytes} or {@code messages}, or {@code null} when the
	 * transport has no backlog
	 * @param oldestWaitingMillis age of the oldest waiting message (0 when none waits),
	 * or {@code null} when unknown
	 */
	public record IpcEndpointDescriptor(String name, String transport, String role, String address, String state,
			int peers, long messagesIn, long messagesOut, long errors,
			IpcEndpointActivity.@Nullable LastError lastError, @Nullable Long backlog, @Nullable String backlogUnit,
			@Nullable Long oldestWaitingMillis) {

		static IpcEndpointDescriptor of(IpcEndpointActivity a) {
			IpcEndpoint endpoint = a.endpoint();
			BacklogReporting reporting = endpoint.getBacklogReporting();
			return new IpcEndpointDescriptor(a.name(), a.spec().transport(), a.spec().role().id(),
					endpoint.getAddress(), a.isRunning() ? "started" : "stopped", endpoint.getPeerCount(), a.received(),
					a.sent(), a.errors(), a.lastError(), reporting.backlog() ? known(endpoint.getBacklog()) : null,
					reporting.unit(), reporting.age() ? known(endpoint.getOldestWaitingMillis()) : null);
		}

		private static @Nullable Long known(long value) {
			return (value >= 0) ? value : null;
		}

	}

}
