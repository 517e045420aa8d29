package io.ipcstarter.autoconfigure;

import java.util.HashMap;
import java.util.Map;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.transport.InvalidEndpointException;

/**
 * Refuses two endpoints of one name, once every bean exists: the name keys the actuator,
 * health and meters, where one would hide the other.
 */
class UniqueEndpointNames implements SmartInitializingSingleton {

	private final ListableBeanFactory beanFactory;

	UniqueEndpointNames(ListableBeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public void afterSingletonsInstantiated() {
		Map<String, String> beanByName = new HashMap<>();
		this.beanFactory.getBeansOfType(IpcEndpoint.class, false, false).forEach((bean, endpoint) -> {
			String name = endpoint.getSpec().name();
			String other = beanByName.putIfAbsent(name, bean);
			if (other != null) {
				throw new InvalidEndpointException(name, "name",
						"two endpoints are named '" + name + "' (beans '" + other + "' and '" + bean + "')",
						"Give each its own name: another key under ipc.endpoints, or .name(...) or .id(...) on an "
								+ "endpoint made with the Java DSL");
			}
		});
	}

}
