package io.ipcstarter.bench.spring;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.bench.SinkCounter;

/** What every receiving app has: channels {@code sink} and {@code echo}, and {@link BenchHandlers} on them. */
@Configuration(proxyBeanMethods = false)
public class ReceiverConfig {

	@Bean
	public SinkCounter sinkCounter() {
		return new SinkCounter();
	}

	@Bean
	public MessageChannel sink() {
		return new DirectChannel();
	}

	@Bean
	public MessageChannel echo() {
		return new DirectChannel();
	}

	@Bean
	public BenchHandlers benchHandlers(SinkCounter sinkCounter) {
		return new BenchHandlers(sinkCounter);
	}

}
