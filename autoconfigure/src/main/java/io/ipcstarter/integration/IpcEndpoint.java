package io.ipcstarter.integration;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.ObservationRegistry;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;

/**
 * What every IPC endpoint (inbound or outbound, adapter or gateway) tells about itself,
 * whatever its transport: the view the actuator and health use. Starting and stopping
 * goes through the endpoint's lifecycle bean ({@code ipc.<name>}).
 * <p>
 * Each component keeps its state in one {@link IpcEndpointState}, which owns the
 * transport's server or client (as Spring Integration's connection factories own the
 * connection), and answers everything here from it: the components hold only what differs
 * between them.
 */
public interface IpcEndpoint {

	/**
	 * Prefix of the bean names of endpoints declared under {@code ipc.endpoints}:
	 * {@code ipc.<name>} is the lifecycle bean, {@code ipc.<name>.handler} an outbound
	 * endpoint's handler.
	 */
	String BEAN_PREFIX = "ipc.";

	/**
	 * The state this component keeps: its settings, and the server or client it owns
	 * while started.
	 */
	IpcEndpointState state();

	/** The endpoint's configuration. */
	default EndpointSpec getSpec() {
		return state().spec();
	}

	/**
	 * Where it listens or sends to right now (for a TCP port 0, the real port once
	 * started).
	 */
	default String getAddress() {
		return state().address();
	}

	/** Number of peers connected right now. */
	default int getPeerCount() {
		return state().peerCount();
	}

	/** Whether it is started. */
	boolean isRunning();

	/**
	 * What this endpoint can tell about messages waiting for it (inbound endpoints of a
	 * transport with a queue); {@link BacklogReporting#NONE} otherwise. Known before the
	 * endpoint starts.
	 */
	default BacklogReporting getBacklogReporting() {
		return state().backlogReporting();
	}

	/**
	 * What waits for this endpoint now, in the unit of {@link #getBacklogReporting()};
	 * {@code -1} when it cannot tell or is stopped. Not for the hot path: a scrape may
	 * list a directory.
	 */
	default long getBacklog() {
		return state().backlog();
	}

	/**
	 * Age in milliseconds of the oldest message waiting; 0 when none waits; {@code -1}
	 * when it cannot tell.
	 */
	default long getOldestWaitingMillis() {
		return state().oldestWaitingMillis();
	}

	/**
	 * Since when (epoch milliseconds) an inbound endpoint's transport has failed at its
	 * own work on every attempt (accepting, scanning its directory); 0 while it works,
	 * and always for outbound endpoints.
	 */
	default long getFailingSince() {
		return state().failingSince();
	}

	/** Report traffic and failures to this observer from now on. */
	default void setObserver(@Nullable IpcEndpointObserver observer) {
		state().observer(observer);
	}

	/**
	 * Make each send ({@code ipc.outbound}) and receipt ({@code ipc.inbound}) an
	 * observation in this registry from now on; with {@code headers: json} the trace
	 * context travels in the frame.
	 */
	default void setObservationRegistry(@Nullable ObservationRegistry registry) {
		state().observationRegistry(registry);
	}

}
