package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLHandshakeException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.ShutdownSignalException;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.IpcThreads;

/**
 * Opens an endpoint's connections to its broker, and declares its queues. Connects
 * through a copy of the broker's factory: threads named after the endpoint
 * ({@code ipc-<name>-amqp-N}), no automatic recovery (the server and client reconnect
 * themselves, so that a lost connection fails the calls in flight instead of leaving them
 * waiting for confirms that will never come), and a connection timeout no longer than
 * {@code send-timeout}.
 */
final class AmqpConnector {

	private final EndpointSpec spec;

	private final AmqpBroker broker;

	private final ConnectionFactory factory;

	/**
	 * @param listening whether the connection's threads keep the JVM alive, as a
	 * listening endpoint's do
	 */
	AmqpConnector(EndpointSpec spec, AmqpBroker broker, boolean listening) {
		this.spec = spec;
		this.broker = broker;
		this.factory = broker.factory().clone();
		this.factory.setAutomaticRecoveryEnabled(false);
		this.factory.setTopologyRecoveryEnabled(false);
		this.factory.setThreadFactory(new IpcThreads(spec.name(), "amqp", !listening));
		int timeout = (int) Math.min(Integer.MAX_VALUE, Math.max(1, spec.sendTimeout().toMillis()));
		if (this.factory.getConnectionTimeout() <= 0 || this.factory.getConnectionTimeout() > timeout) {
			this.factory.setConnectionTimeout(timeout);
		}
	}

	/** The broker, for messages: {@code amqp://host:port/}. */
	String describe() {
		return this.broker.describe();
	}

	/**
	 * A new connection, named after the endpoint in the broker's list of connections.
	 * @throws IpcException {@code peer-rejected} when the TLS handshake failed on a
	 * certificate (trying again would meet the same keys), {@code timeout} or {@code io}
	 * otherwise
	 */
	Connection open() throws IOException {
		try {
			return this.factory.newConnection(this.broker.addresses(), "ipc-" + this.spec.name());
		}
		catch (SSLHandshakeException ex) {
			throw new IpcException(ErrorReason.PEER_REJECTED, "TLS handshake with the broker at " + describe()
					+ " failed: " + ex.getMessage() + " (check the SSL bundle of spring.rabbitmq.ssl.bundle)", ex);
		}
		catch (TimeoutException ex) {
			throw new IpcException(ErrorReason.TIMEOUT, "The broker at " + describe() + " did not answer", ex);
		}
		catch (IOException ex) {
			if (ex instanceof IpcException) {
				throw ex;
			}
			throw new IpcException(ErrorReason.IO, "Cannot connect to the broker at " + describe() + ": " + ex, ex);
		}
	}

	/**
	 * Declare a durable queue that dead-letters to {@code deadLetterQueue} through the
	 * default exchange (none when empty), and that queue too. Idempotent; fails when the
	 * queue exists with other arguments, naming the way out.
	 */
	void declareQueue(Channel channel, String queue, String deadLetterQueue) throws IOException {
		Map<String, Object> arguments = null;
		try {
			if (!deadLetterQueue.isEmpty()) {
				channel.queueDeclare(deadLetterQueue, true, false, false, null);
				arguments = new HashMap<>(4);
				arguments.put("x-dead-letter-exchange", "");
				arguments.put("x-dead-letter-routing-key", deadLetterQueue);
			}
			channel.queueDeclare(queue, true, false, false, arguments);
		}
		catch (IOException ex) {
			throw new IpcException(ErrorReason.IO,
					"Cannot declare queue '" + queue + "' on " + describe() + " for " + "endpoint '" + this.spec.name()
							+ "': " + brokerSays(ex) + ". If the queue exists with other "
							+ "arguments, delete it or set ipc.endpoints." + this.spec.name() + ".amqp.declare=false",
					ex);
		}
	}

	/** The broker's own words for a failed operation, else the exception's. */
	static String brokerSays(Throwable failure) {
		for (Throwable t = failure; t != null; t = t.getCause()) {
			if (t instanceof ShutdownSignalException signal && signal.getReason() != null) {
				return signal.getReason().toString();
			}
		}
		return String.valueOf(failure.getMessage());
	}

}
