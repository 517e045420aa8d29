package io.ipcstarter.actuate;

import java.time.Clock;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.Lifecycle;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcEndpointObserver;

/**
 * Every IPC endpoint of the application with its {@link IpcEndpointActivity}, by name.
 * Once all beans exist (and before any endpoint starts) it makes each endpoint's observer
 * from the {@link IpcEndpointObserverFactory} beans and, when an
 * {@link ObservationRegistry} is given, makes each endpoint observe its traffic there.
 */
public class IpcEndpoints implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<IpcEndpointObserverFactory> observerFactories;

	private final Supplier<@Nullable ObservationRegistry> observationRegistry;

	private final Clock clock;

	private volatile Map<String, IpcEndpointActivity> activities = Collections.emptyMap();

	/**
	 * @param observationRegistry gives the registry to observe traffic in, or
	 * {@code null} for none; asked once all beans exist
	 */
	public IpcEndpoints(ListableBeanFactory beanFactory, ObjectProvider<IpcEndpointObserverFactory> observerFactories,
			Supplier<@Nullable ObservationRegistry> observationRegistry, Clock clock) {
		this.beanFactory = beanFactory;
		this.observerFactories = observerFactories;
		this.observationRegistry = observationRegistry;
		this.clock = clock;
	}

	@Override
	public void afterSingletonsInstantiated() {
		ObservationRegistry registry = this.observationRegistry.get();
		Map<String, IpcEndpointActivity> byName = new TreeMap<>();
		for (IpcEndpoint endpoint : this.beanFactory.getBeansOfType(IpcEndpoint.class).values()) {
			String name = endpoint.getSpec().name();
			Lifecycle lifecycle = lifecycleOf(name, endpoint);
			IpcEndpointObserver[] observers = this.observerFactories.orderedStream()
				.map((factory) -> factory.create(endpoint))
				.toArray(IpcEndpointObserver[]::new);
			IpcEndpointActivity activity = new IpcEndpointActivity(endpoint, lifecycle, observers, this.clock);
			endpoint.setObserver(activity);
			if (registry != null) {
				endpoint.setObservationRegistry(registry);
			}
			byName.put(name, activity);
		}
		this.activities = Collections.unmodifiableMap(byName);
	}

	/**
	 * The {@code ipc.<name>} bean of a YAML endpoint; an endpoint made in code is its own
	 * lifecycle.
	 */
	private Lifecycle lifecycleOf(String name, IpcEndpoint endpoint) {
		String bean = IpcEndpoint.BEAN_PREFIX + name;
		if (this.beanFactory.containsBean(bean) && this.beanFactory.isTypeMatch(bean, Lifecycle.class)) {
			return this.beanFactory.getBean(bean, Lifecycle.class);
		}
		if (endpoint instanceof Lifecycle lifecycle) {
			return lifecycle;
		}
		throw new IllegalStateException("IPC endpoint '" + name + "' has no lifecycle bean '" + bean + "'");
	}

	/** The endpoint with this name, or {@code null}. */
	public @Nullable IpcEndpointActivity get(String name) {
		return this.activities.get(name);
	}

	/** Every endpoint, sorted by name. */
	public Collection<IpcEndpointActivity> all() {
		return this.activities.values();
	}

}
