package io.ipcstarter.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.endpoint.MessageProducerSupport;

/**
 * Auto-configuration of the IPC endpoints declared under {@code ipc.endpoints}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration")
@ConditionalOnClass(MessageProducerSupport.class)
@EnableConfigurationProperties(IpcProperties.class)
public final class IpcAutoConfiguration {

	@Bean
	static IpcEndpointRegistrar ipcEndpointRegistrar(Environment environment) {
		return new IpcEndpointRegistrar(environment);
	}

}
