package io.ipcstarter.actuate.autoconfigure;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.actuate.IpcHealthContributor;

/**
 * Auto-configuration of the {@code ipc} health contributor (one component per endpoint),
 * unless {@code management.health.ipc.enabled=false}. By default a failing or stopped
 * endpoint shows as {@code FAILING} or {@code STOPPED}, statuses that Spring Boot's
 * aggregation leaves out: one IPC link does not take the whole application out of a load
 * balancer unless {@code ipc.health.failing-status} / {@code stopped-status} say so.
 */
@AutoConfiguration(after = IpcMonitoringAutoConfiguration.class,
		beforeName = "org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration")
@ConditionalOnClass(HealthContributor.class)
@ConditionalOnBean(IpcEndpoints.class)
@ConditionalOnEnabledHealthIndicator("ipc")
@EnableConfigurationProperties(IpcHealthProperties.class)
public final class IpcHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "ipcHealthContributor")
	IpcHealthContributor ipcHealthContributor(IpcEndpoints endpoints, IpcHealthProperties properties) {
		return new IpcHealthContributor(endpoints, properties.getDownAfter(), new Status(properties.getFailingStatus()),
				new Status(properties.getStoppedStatus()), Clock.systemUTC());
	}

}
