package io.ipcstarter.bench.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.bench.SinkCounter;

/**
 * What every receiving app has: channel {@code sink} with a subscriber counting what
 * arrives, and channel {@code echo} answered by {@link BenchHandlers}.
 * <p>
 * The sink is a plain {@code MessageHandler} subscribed to the channel: one-way
 * throughput is measured "outbound handler → transport → inbound adapter → channel", so
 * the application's own cost stays out of the number (a {@code @ServiceActivator} method
 * would add Spring's method invocation, the same for every transport).
 */
@Configuration(proxyBeanMethods = false)
public class ReceiverConfig {

	@Bean
	public SinkCounter sinkCounter() {
		return new SinkCounter();
	}

	@Bean
	public MessageChannel sink(SinkCounter sinkCounter) {
		DirectChannel sink = new DirectChannel();
		sink.subscribe(message -> sinkCounter.add(((byte[]) message.getPayload()).length));
		return sink;
	}

	@Bean
	public MessageChannel echo() {
		return new DirectChannel();
	}

	@Bean
	public BenchHandlers benchHandlers() {
		return new BenchHandlers();
	}

}
