package io.ipcstarter.actuate;

import io.micrometer.core.instrument.MeterRegistry;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcEndpointObserver;

/**
 * Gives every IPC endpoint its Micrometer meters in one registry:
 * <ul>
 * <li>{@code ipc.messages} (counter): messages by {@code direction}
 * ({@code in}/{@code out}) and {@code outcome} ({@code success}/{@code error});</li>
 * <li>{@code ipc.bytes} (distribution summary, bytes): message sizes by
 * {@code direction};</li>
 * <li>{@code ipc.send} (timer): an outbound send, or a gateway's round trip;</li>
 * <li>{@code ipc.connections} (gauge): peers connected now;</li>
 * <li>{@code ipc.backlog} (gauge, bytes or messages): what waits unread in the
 * transport's queue, and {@code ipc.receive.lag} (time gauge): the age of the oldest
 * waiting message; each only for inbound endpoints whose transport can tell
 * ({@link IpcEndpoint#getBacklogReporting()});</li>
 * <li>{@code ipc.errors} (counter): failures by {@code reason}.</li>
 * </ul>
 * Every meter is tagged {@code endpoint} and {@code transport}. Meters are made once per
 * endpoint at start-up, the {@code direction} series only where the endpoint's role can
 * move them; the hot path only increments them.
 */
public class IpcMetrics implements IpcEndpointObserverFactory {

	private final MeterRegistry registry;

	public IpcMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public IpcEndpointObserver create(IpcEndpoint endpoint) {
		return new IpcEndpointMeters(this.registry, endpoint);
	}

}
