package io.ipcstarter.actuate.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.actuate.IpcActuatorEndpoint;
import io.ipcstarter.actuate.IpcEndpoints;

/**
 * Auto-configuration of the {@code ipc} actuator endpoint, when it is enabled and exposed
 * ({@code management.endpoints.web.exposure.include=ipc}).
 */
@AutoConfiguration(after = IpcMonitoringAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(IpcEndpoints.class)
@ConditionalOnAvailableEndpoint(IpcActuatorEndpoint.class)
public final class IpcActuatorEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcActuatorEndpoint ipcActuatorEndpoint(IpcEndpoints endpoints) {
		return new IpcActuatorEndpoint(endpoints);
	}

}
