package io.ipcstarter.autoconfigure.kafka;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.autoconfigure.IpcEndpointSpecCustomizer;

/**
 * Auto-configuration of the {@code kafka} transport: its endpoints reach the broker that
 * Spring Boot's own {@code spring.kafka.*} describes (and a
 * {@link KafkaConnectionDetails} bean, e.g. from a service connection, when there is
 * one), never through keys of their own.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
		beforeName = "io.ipcstarter.autoconfigure.IpcAutoConfiguration")
@ConditionalOnClass(KafkaProperties.class)
@EnableConfigurationProperties(KafkaProperties.class)
public final class KafkaTransportAutoConfiguration {

	@Bean
	static IpcEndpointSpecCustomizer ipcKafkaClientProperties(ObjectProvider<KafkaProperties> properties,
			ObjectProvider<KafkaConnectionDetails> connectionDetails) {
		return new SpringKafkaClientProperties(properties, connectionDetails);
	}

}
