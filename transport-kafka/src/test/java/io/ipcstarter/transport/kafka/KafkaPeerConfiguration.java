package io.ipcstarter.transport.kafka;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import io.ipcstarter.autoconfigure.kafka.KafkaTransportAutoConfiguration;

/**
 * What an application with {@code ipc-transport-kafka} gets, for the core's
 * {@code PeerApplication} in a second JVM: started with
 * {@code --spring.main.sources=io.ipcstarter.transport.kafka.KafkaPeerConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ KafkaAutoConfiguration.class, KafkaTransportAutoConfiguration.class })
public class KafkaPeerConfiguration {

}
