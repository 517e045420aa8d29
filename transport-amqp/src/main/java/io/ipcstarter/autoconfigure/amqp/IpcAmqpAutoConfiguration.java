package io.ipcstarter.autoconfigure.amqp;

import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

import io.ipcstarter.autoconfigure.IpcEndpointSpecCustomizer;

/**
 * Connects {@code amqp} endpoints to the broker Spring Boot configures from
 * {@code spring.rabbitmq.*} (addresses, credentials, virtual host, SSL bundle, timeouts),
 * so the endpoints' YAML says only what is per endpoint.
 */
@AutoConfiguration(afterName = "org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration")
@ConditionalOnClass({ ConnectionFactory.class, RabbitConnectionDetails.class })
public final class IpcAmqpAutoConfiguration {

	@Bean
	IpcEndpointSpecCustomizer ipcAmqpBrokerCustomizer(ObjectProvider<ConnectionFactory> connectionFactory,
			ObjectProvider<RabbitConnectionDetails> connectionDetails) {
		return new RabbitBrokerCustomizer(connectionFactory, connectionDetails);
	}

}
