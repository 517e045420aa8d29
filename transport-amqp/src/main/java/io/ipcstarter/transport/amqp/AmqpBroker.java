package io.ipcstarter.transport.amqp;

import java.util.List;
import java.util.stream.Collectors;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;

/**
 * The broker an endpoint connects to: the client's {@link ConnectionFactory}
 * (credentials, virtual host, TLS, timeouts) and the addresses to try in turn. The
 * transport never changes the factory it is given: it connects through a copy with its
 * own thread names and recovery settings.
 *
 * @param factory configured connection factory (e.g. from Spring Boot's
 * {@code spring.rabbitmq.*})
 * @param addresses the broker's nodes, tried in order
 */
public record AmqpBroker(ConnectionFactory factory, List<Address> addresses) {

	public AmqpBroker {
		if (addresses.isEmpty()) {
			throw new IllegalArgumentException("A broker needs at least one address");
		}
		addresses = List.copyOf(addresses);
	}

	/** The client's defaults: {@code localhost:5672}, user guest, virtual host /. */
	public static AmqpBroker localhost() {
		ConnectionFactory factory = new ConnectionFactory();
		return new AmqpBroker(factory, List.of(new Address(factory.getHost(), factory.getPort())));
	}

	/** A broker on this host at {@code port}, as guest: tests, local brokers. */
	public static AmqpBroker localhost(int port) {
		ConnectionFactory factory = new ConnectionFactory();
		factory.setHost("127.0.0.1");
		factory.setPort(port);
		return new AmqpBroker(factory, List.of(new Address("127.0.0.1", port)));
	}

	/**
	 * {@code amqp://host:port,host:port/vhost}, for logs and messages (no credentials).
	 */
	public String describe() {
		String scheme = this.factory.isSSL() ? "amqps://" : "amqp://";
		return scheme + this.addresses.stream().map(Address::toString).collect(Collectors.joining(",")) + "/"
				+ ("/".equals(this.factory.getVirtualHost()) ? "" : this.factory.getVirtualHost());
	}

}
