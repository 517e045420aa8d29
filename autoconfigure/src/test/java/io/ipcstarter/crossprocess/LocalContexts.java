package io.ipcstarter.crossprocess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;

import io.ipcstarter.testsupport.IpcContextRunners;

/**
 * The test JVM's side of cross-process tests: an application context configured from a
 * YAML file in test resources (placeholders filled by the test's properties), with an
 * echo service on channel {@code echo} and a collector on channel {@code in}.
 */
public final class LocalContexts {

	private LocalContexts() {
	}

	/**
	 * A runner with the IPC auto-configuration, the YAML resource and the
	 * {@link LocalConfiguration}.
	 */
	public static ApplicationContextRunner fromYaml(String resource) {
		return plain().withInitializer(yaml(resource));
	}

	/**
	 * A runner with the IPC auto-configuration and the {@link LocalConfiguration};
	 * endpoints from properties.
	 */
	public static ApplicationContextRunner plain() {
		return IpcContextRunners.ipc().withUserConfiguration(LocalConfiguration.class);
	}

	/**
	 * Adds a YAML file of the test class path to the environment, as
	 * {@code application.yml} would be.
	 */
	public static ApplicationContextInitializer<ConfigurableApplicationContext> yaml(String resource) {
		return context -> {
			try {
				for (PropertySource<?> source : new YamlPropertySourceLoader().load(resource,
						new ClassPathResource(resource))) {
					context.getEnvironment().getPropertySources().addLast(source);
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		};
	}

	/** Echo on {@code echo}, collect {@code in}. */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	public static class LocalConfiguration {

		@Bean
		public Echo echoService() {
			return new Echo();
		}

		@Bean
		public Collector collector() {
			return new Collector();
		}

	}

	/** Answers with the request. */
	public static class Echo {

		@ServiceActivator(inputChannel = "echo")
		public Object echo(Object payload) {
			return payload;
		}

	}

	/** Keeps every message arriving on channel {@code in}. */
	public static class Collector {

		private final BlockingQueue<Message<?>> messages = new LinkedBlockingQueue<>();

		@ServiceActivator(inputChannel = "in")
		public void receive(Message<?> message) {
			this.messages.add(message);
		}

		public BlockingQueue<Message<?>> messages() {
			return this.messages;
		}

	}

}
