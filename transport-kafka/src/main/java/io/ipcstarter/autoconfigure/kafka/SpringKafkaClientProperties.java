package io.ipcstarter.autoconfigure.kafka;

import java.util.Map;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.kafka.autoconfigure.KafkaConnectionDetails;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.kafka.autoconfigure.SslBundleSslEngineFactory;
import org.springframework.boot.ssl.SslBundle;

import io.ipcstarter.autoconfigure.IpcEndpointSpecCustomizer;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.kafka.KafkaOptions;
import io.ipcstarter.transport.kafka.KafkaTransport;

/**
 * Fills each {@code kafka} endpoint's client properties from Spring Boot's
 * {@link KafkaProperties} ({@code spring.kafka.*}, with {@code spring.kafka.producer.*} /
 * {@code spring.kafka.consumer.*}), and the bootstrap servers, security protocol and SSL
 * bundle from {@link KafkaConnectionDetails}: the same maps Boot's own
 * {@code KafkaAutoConfiguration} gives its producer and consumer factories. Endpoints of
 * other transports are left as they are.
 */
final class SpringKafkaClientProperties implements IpcEndpointSpecCustomizer {

	private final ObjectProvider<KafkaProperties> properties;

	private final ObjectProvider<KafkaConnectionDetails> connectionDetails;

	SpringKafkaClientProperties(ObjectProvider<KafkaProperties> properties,
			ObjectProvider<KafkaConnectionDetails> connectionDetails) {
		this.properties = properties;
		this.connectionDetails = connectionDetails;
	}

	@Override
	public EndpointSpec customize(EndpointSpec spec) {
		if (!KafkaTransport.ID.equals(spec.transport())) {
			return spec;
		}
		KafkaOptions options = spec.option(KafkaOptions.class);
		if (options == null) {
			options = new KafkaOptions();
		}
		KafkaProperties kafka = this.properties.getObject();
		Map<String, Object> producer = kafka.buildProducerProperties();
		Map<String, Object> consumer = kafka.buildConsumerProperties();
		KafkaConnectionDetails details = this.connectionDetails.getIfAvailable();
		if (details != null) {
			apply(producer, details.getProducer());
			apply(consumer, details.getConsumer());
		}
		// properties set in code for this endpoint win over the application's
		producer.putAll(options.producerProperties());
		consumer.putAll(options.consumerProperties());
		return spec.toBuilder()
			.option(KafkaOptions.class, options.producerProperties(producer).consumerProperties(consumer))
			.build();
	}

	/**
	 * As Boot's KafkaAutoConfiguration applies connection details to its factories'
	 * properties.
	 */
	private static void apply(Map<String, Object> properties, KafkaConnectionDetails.Configuration configuration) {
		properties.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, configuration.getBootstrapServers());
		String protocol = configuration.getSecurityProtocol();
		if (protocol != null && !protocol.isEmpty()) {
			properties.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, protocol);
		}
		@Nullable SslBundle bundle = configuration.getSslBundle();
		if (bundle != null) {
			properties.put(SslConfigs.SSL_ENGINE_FACTORY_CLASS_CONFIG, SslBundleSslEngineFactory.class);
			properties.put(SslBundle.class.getName(), bundle);
		}
	}

}
