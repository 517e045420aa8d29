package io.ipcstarter.integration;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import io.micrometer.observation.ObservationRegistry;

import io.ipcstarter.transport.BacklogReporting;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcTransport;

/**
 * The state one IPC component keeps, whatever its role: its transport, settings and
 * payload conversion, who observes it, and (in the subclasses) the server or client it
 * owns while started. The four Spring Integration components extend four different Spring
 * base classes, so they share this object rather than a superclass.
 */
public abstract sealed class IpcEndpointState permits InboundEndpointSupport, OutboundEndpointSupport {

	private final IpcTransport transport;

	private volatile EndpointSpec spec;

	/**
	 * Whether the spec's name stands in until the component learns its bean name (an
	 * endpoint made in code).
	 */
	private volatile boolean nameFromBean;

	private final PayloadConverter converter;

	private volatile IpcEndpointObserver observer = IpcEndpointObserver.NONE;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/** The component's bean name, once the container has given it one. */
	private final Supplier<@Nullable String> beanName;

	IpcEndpointState(IpcTransport transport, EndpointSpec spec, PayloadConverter converter,
			Supplier<@Nullable String> beanName) {
		this.transport = transport;
		this.spec = spec;
		this.converter = converter;
		this.beanName = beanName;
	}

	/** The endpoint's settings. */
	public EndpointSpec spec() {
		if (this.nameFromBean) {
			nameAfterBean();
		}
		return this.spec;
	}

	/** Where it listens or sends to right now. */
	public abstract String address();

	/** Number of peers connected right now. */
	public abstract int peerCount();

	/** What it can tell about messages waiting for it. */
	public BacklogReporting backlogReporting() {
		return BacklogReporting.NONE;
	}

	/** What waits for it now; {@code -1} when it cannot tell. */
	public long backlog() {
		return -1;
	}

	/**
	 * Age in milliseconds of the oldest message waiting; {@code -1} when it cannot tell.
	 */
	public long oldestWaitingMillis() {
		return -1;
	}

	/**
	 * Since when its transport has failed at its own work on every attempt; 0 while it
	 * works.
	 */
	public long failingSince() {
		return 0;
	}

	/**
	 * Count a failure that a component behind this endpoint found in a message it carried
	 * (a remote call that is no call, a service that threw), as the endpoint counts its
	 * own: on the {@code ipc.errors} meter with the reason and, for an inbound endpoint,
	 * on its error channel, bad input logged a bounded number of times.
	 * @param reason {@link ErrorReason#DECODE} for bad input from the peer,
	 * {@link ErrorReason#HANDLER} for a failure of the application
	 */
	public void report(ErrorReason reason, Throwable cause) {
		this.observer.failed(reason, cause);
	}

	/**
	 * The component type Spring Integration shows in its graph, e.g.
	 * {@code ipc:tcp-inbound-gateway}.
	 */
	String componentType(String kind) {
		return "ipc:" + spec().transport() + "-" + kind;
	}

	IpcTransport transport() {
		return this.transport;
	}

	PayloadConverter converter() {
		return this.converter;
	}

	IpcEndpointObserver observer() {
		return this.observer;
	}

	void observer(@Nullable IpcEndpointObserver observer) {
		this.observer = (observer != null) ? observer : IpcEndpointObserver.NONE;
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	void observationRegistry(@Nullable ObservationRegistry registry) {
		this.observationRegistry = (registry != null) ? registry : ObservationRegistry.NOOP;
	}

	/**
	 * Name the endpoint after its component's bean, as soon as it has one: for an
	 * endpoint made in code with no name of its own, so that two such endpoints never
	 * share a name.
	 */
	public void nameFromBean() {
		this.nameFromBean = true;
	}

	private synchronized void nameAfterBean() {
		String name = this.beanName.get();
		if (this.nameFromBean && name != null) {
			this.spec = this.spec.withName(name);
			this.nameFromBean = false;
		}
	}

}
