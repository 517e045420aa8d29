package io.ipcstarter.autoconfigure;

import java.util.concurrent.Executor;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.thread.Threading;
import org.springframework.core.env.Environment;
import org.springframework.core.task.VirtualThreadTaskExecutor;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.IpcTransport;
import io.ipcstarter.transport.Transports;

/**
 * Chooses the threads a listening endpoint's connections run on: virtual threads when the
 * application turned them on ({@code spring.threads.virtual.enabled=true}, which Boot
 * honours on Java 21 or later only), otherwise none, and the transport keeps its own
 * named platform threads. The decision lives here, not in the transport, which knows
 * nothing of Spring and only takes an {@link Executor}
 * ({@link EndpointSpec#connectionExecutor()}). Endpoints whose connections wait in native
 * calls ({@link IpcTransport#blocksInNativeCalls}: FIFOs, Windows named pipes) stay on
 * platform threads, since such a wait pins a virtual thread to its carrier.
 */
final class ConnectionExecutors {

	private ConnectionExecutors() {
	}

	/**
	 * The executor for the connections of endpoint {@code endpointName}: virtual threads
	 * named {@code ipc-<name>-reader-N} when {@link Threading#VIRTUAL} is active,
	 * otherwise {@code null} (the transport's default threads).
	 */
	static @Nullable Executor forEndpoint(String endpointName, Environment environment) {
		if (!Threading.VIRTUAL.isActive(environment)) {
			return null;
		}
		return new VirtualThreadTaskExecutor("ipc-" + endpointName + "-reader-");
	}

	/**
	 * The spec with its {@linkplain #forEndpoint connection executor}, unless its
	 * transport waits in native calls; the spec itself when it gets none.
	 */
	static EndpointSpec withConnectionExecutor(EndpointSpec spec, Environment environment) {
		if (!mayRunOnVirtualThreads(spec)) {
			return spec;
		}
		Executor executor = forEndpoint(spec.name(), environment);
		return (executor != null) ? spec.toBuilder().connectionExecutor(executor).build() : spec;
	}

	static boolean mayRunOnVirtualThreads(EndpointSpec spec) {
		IpcTransport transport = Transports.find(spec.transport());
		return transport == null || !transport.blocksInNativeCalls(spec);
	}

}
