package io.ipcstarter.actuate.autoconfigure;

import java.time.Clock;

import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.integration.endpoint.MessageProducerSupport;

import io.ipcstarter.actuate.IpcEndpointObserverFactory;
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.actuate.IpcObservationMeterDescriptions;
import io.ipcstarter.autoconfigure.IpcAutoConfiguration;

/**
 * Auto-configuration of {@link IpcEndpoints}: what every IPC endpoint did, for health and
 * the actuator, and the observations of their traffic when an {@link ObservationRegistry}
 * bean exists (unless {@code ipc.observations.enabled=false}), with descriptions for the
 * meters made of them. Needs neither Micrometer meters nor Actuator.
 */
@AutoConfiguration(after = IpcAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(MessageProducerSupport.class)
public final class IpcMonitoringAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	static IpcEndpoints ipcEndpoints(ListableBeanFactory beanFactory,
			ObjectProvider<IpcEndpointObserverFactory> observerFactories,
			ObjectProvider<ObservationRegistry> observationRegistry, Environment environment) {
		boolean observe = environment.getProperty("ipc.observations.enabled", Boolean.class, true);
		return new IpcEndpoints(beanFactory, observerFactories,
				observe ? observationRegistry::getIfAvailable : () -> null, Clock.systemUTC());
	}

	/**
	 * Descriptions for the meters made of the observations, when Micrometer's meters are
	 * on the class path.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.config.MeterFilter")
	@ConditionalOnBooleanProperty(name = "ipc.observations.enabled", matchIfMissing = true)
	static class ObservationMeterDescriptionsConfiguration {

		@Bean
		static IpcObservationMeterDescriptions ipcObservationMeterDescriptions() {
			return new IpcObservationMeterDescriptions();
		}

	}

}
