package io.ipcstarter.transport.amqp;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.context.annotation.Configuration;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;

/**
 * What an application with {@code ipc-transport-amqp} gets, for the reliability suite's
 * {@code InboxApplication} in a second JVM: started with
 * {@code --spring.main.sources=io.ipcstarter.transport.amqp.AmqpPeerConfiguration} and
 * {@code --spring.rabbitmq.*}.
 */
@Configuration(proxyBeanMethods = false)
@ImportAutoConfiguration({ RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class })
public class AmqpPeerConfiguration {

}
