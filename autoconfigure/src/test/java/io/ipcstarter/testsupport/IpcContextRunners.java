package io.ipcstarter.testsupport;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.ipcstarter.actuate.autoconfigure.IpcActuatorEndpointAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcHealthContributorAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcMonitoringAutoConfiguration;
import io.ipcstarter.autoconfigure.IpcAutoConfiguration;

/**
 * The {@link ApplicationContextRunner}s of the auto-configuration tests, each with the
 * auto-configurations an application with the starter would get; a test adds what differs
 * (user configuration, beans, properties, more auto-configurations: Boot merges and
 * orders them all).
 */
public final class IpcContextRunners {

	private IpcContextRunners() {
	}

	/**
	 * Spring Integration alone, for flows that build their IPC endpoints with the DSL.
	 */
	public static ApplicationContextRunner integration() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class));
	}

	/**
	 * Spring Integration and the IPC auto-configuration: endpoints from {@code ipc.*}
	 * properties.
	 */
	public static ApplicationContextRunner ipc() {
		return integration().withConfiguration(AutoConfigurations.of(IpcAutoConfiguration.class));
	}

	/**
	 * {@link #ipc()} with the monitoring auto-configuration (events, observations),
	 * without meters or health.
	 */
	public static ApplicationContextRunner withMonitoring() {
		return ipc().withConfiguration(AutoConfigurations.of(IpcMonitoringAutoConfiguration.class));
	}

	/**
	 * {@link #ipc()} with all of the actuator side: monitoring, meters, health and the
	 * {@code ipc} endpoint.
	 */
	public static ApplicationContextRunner withActuator() {
		return withMonitoring().withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class,
				IpcHealthContributorAutoConfiguration.class, IpcActuatorEndpointAutoConfiguration.class));
	}

}
