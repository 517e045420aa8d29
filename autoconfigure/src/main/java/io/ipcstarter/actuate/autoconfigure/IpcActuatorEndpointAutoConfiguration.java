package io.ipcstarter.actuate.autoconfigure;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.actuate.IpcActuatorEndpoint;
import io.ipcstarter.actuate.IpcActuatorEndpointWebExtension;
import io.ipcstarter.actuate.IpcEndpoints;

/**
 * Auto-configuration of the {@code ipc} actuator endpoint, when it is enabled and exposed
 * ({@code management.endpoints.web.exposure.include=ipc}), and of its web extension when
 * it is exposed over HTTP.
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

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint(endpoint = IpcActuatorEndpoint.class, exposure = EndpointExposure.WEB)
	IpcActuatorEndpointWebExtension ipcActuatorEndpointWebExtension(IpcActuatorEndpoint endpoint) {
		return new IpcActuatorEndpointWebExtension(endpoint);
	}

}
