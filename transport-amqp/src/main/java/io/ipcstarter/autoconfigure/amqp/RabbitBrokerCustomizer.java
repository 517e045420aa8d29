package io.ipcstarter.autoconfigure.amqp;

import java.util.List;

import com.rabbitmq.client.Address;
import org.jspecify.annotations.Nullable;

import org.springframework.amqp.rabbit.connection.AbstractConnectionFactory;
import org.springframework.amqp.rabbit.connection.ConnectionFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.amqp.autoconfigure.RabbitConnectionDetails;

import io.ipcstarter.autoconfigure.IpcEndpointSpecCustomizer;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.amqp.AmqpBroker;
import io.ipcstarter.transport.amqp.AmqpOptions;

/**
 * Gives every {@code amqp} endpoint that has no broker of its own the one Spring Boot
 * made from {@code spring.rabbitmq.*}: the client factory inside Boot's connection
 * factory (credentials, virtual host, TLS from an SSL bundle, timeouts, every
 * {@code ConnectionFactoryCustomizer} applied) and the addresses of Boot's
 * {@link RabbitConnectionDetails} (which a service connection may supply). Nothing of
 * {@code spring.rabbitmq.*} is read here: Boot's own beans interpret it.
 */
final class RabbitBrokerCustomizer implements IpcEndpointSpecCustomizer {

	private final ObjectProvider<ConnectionFactory> connectionFactory;

	private final ObjectProvider<RabbitConnectionDetails> connectionDetails;

	private volatile @Nullable AmqpBroker broker;

	RabbitBrokerCustomizer(ObjectProvider<ConnectionFactory> connectionFactory,
			ObjectProvider<RabbitConnectionDetails> connectionDetails) {
		this.connectionFactory = connectionFactory;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public EndpointSpec customize(EndpointSpec spec) {
		if (!"amqp".equals(spec.transport())) {
			return spec;
		}
		AmqpOptions options = spec.option(AmqpOptions.class);
		if (options != null && options.broker() != null) {
			return spec; // set in code: it wins
		}
		AmqpBroker boots = broker();
		if (boots == null) {
			return spec;
		}
		AmqpOptions given = (options != null) ? options : new AmqpOptions();
		return spec.toBuilder().option(AmqpOptions.class, given.withBroker(boots)).build();
	}

	/**
	 * Boot's broker, made once; {@code null} when Boot made no Rabbit connection factory.
	 */
	private @Nullable AmqpBroker broker() {
		AmqpBroker made = this.broker;
		if (made != null) {
			return made;
		}
		ConnectionFactory factory = this.connectionFactory.getIfUnique();
		RabbitConnectionDetails details = this.connectionDetails.getIfUnique();
		if (!(factory instanceof AbstractConnectionFactory springFactory) || details == null) {
			return null;
		}
		List<Address> addresses = details.getAddresses()
			.stream()
			.map((address) -> new Address(address.host(), address.port()))
			.toList();
		made = new AmqpBroker(springFactory.getRabbitConnectionFactory(), addresses);
		this.broker = made;
		return made;
	}

}
