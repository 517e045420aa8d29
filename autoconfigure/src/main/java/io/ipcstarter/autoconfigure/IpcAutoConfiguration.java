package io.ipcstarter.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.integration.endpoint.MessageProducerSupport;
import org.springframework.util.IdGenerator;

import io.ipcstarter.integration.BadInputAwareErrorLogger;
import io.ipcstarter.integration.IpcIdGenerator;

/**
 * Auto-configuration of the IPC endpoints declared under {@code ipc.endpoints}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration")
@ConditionalOnClass(MessageProducerSupport.class)
@EnableConfigurationProperties(IpcProperties.class)
public final class IpcAutoConfiguration {

	/**
	 * Cheap message ids for the whole application when {@code ipc.message-ids=fast}
	 * (Spring Integration installs the context's {@link IdGenerator} JVM-wide); an
	 * application's own generator wins.
	 */
	@Bean
	@ConditionalOnMissingBean(IdGenerator.class)
	@ConditionalOnProperty(name = "ipc.message-ids", havingValue = "fast")
	static IdGenerator ipcMessageIdGenerator() {
		return IpcIdGenerator.INSTANCE;
	}

	/**
	 * Spring Integration's default error logger leaves out bad input from IPC peers,
	 * which the endpoints log themselves, bounded.
	 */
	@Bean
	static BadInputAwareErrorLogger.PostProcessor ipcBadInputAwareErrorLogger() {
		return new BadInputAwareErrorLogger.PostProcessor();
	}

	/** Resolves {@code tcp.ssl.bundle} through Spring Boot's SSL bundles. */
	@Bean
	static IpcEndpointSpecCustomizer ipcTcpSslBundles(ObjectProvider<SslBundles> bundles) {
		return new TcpSslBundles(bundles);
	}

	@Bean
	static IpcEndpointRegistrar ipcEndpointRegistrar(Environment environment) {
		return new IpcEndpointRegistrar(environment);
	}

	/**
	 * Typed remote calls ({@code ipc.remote.*}): a proxy over each outbound gateway that
	 * carries an interface, a service behind each inbound one.
	 */
	@Bean
	static RemoteRegistrar ipcRemoteRegistrar(Environment environment) {
		return new RemoteRegistrar(environment);
	}

	@Bean
	static UniqueEndpointNames ipcUniqueEndpointNames(ListableBeanFactory beanFactory) {
		return new UniqueEndpointNames(beanFactory);
	}

}
