package io.ipcstarter.actuate.autoconfigure;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.actuate.IpcMetrics;

/**
 * Auto-configuration of the {@code ipc.*} meters ({@link IpcMetrics}) when a
 * {@link MeterRegistry} bean exists and {@code ipc.metrics.enabled} is not {@code false}.
 */
@AutoConfiguration(after = IpcMonitoringAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, org.springframework.integration.endpoint.MessageProducerSupport.class })
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "ipc.metrics.enabled", matchIfMissing = true)
public final class IpcMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	IpcMetrics ipcMetrics(MeterRegistry registry) {
		return new IpcMetrics(registry);
	}

}
