package io.ipcstarter.testsupport;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;

/**
 * User configurations the endpoint tests share, to add to a runner of
 * {@link IpcContextRunners} with {@code withUserConfiguration}, alone or together:
 * {@link Received}, the queue an inbound endpoint under test delivers to, and
 * {@link Meters}, a registry for the starter's meters. Not a configuration itself, so
 * that taking one does not bring the other along.
 */
public final class TestBeans {

	private TestBeans() {
	}

	/**
	 * Spring Integration and a {@link QueueChannel} named {@code received}: the channel
	 * of the endpoint under test ({@code ipc.endpoints.<name>.channel=received}), which
	 * the test polls.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	public static class Received {

		@Bean
		public QueueChannel received() {
			return new QueueChannel();
		}

	}

	/**
	 * Spring Integration and a {@link SimpleMeterRegistry} named {@code meterRegistry},
	 * in which the starter's meters ({@code ipc.errors}, {@code ipc.backlog}, ...) are
	 * registered for the test to read.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	public static class Meters {

		@Bean
		public SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
