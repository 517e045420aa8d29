package io.ipcstarter.actuate;

import io.micrometer.tracing.Span;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.handler.annotation.Header;

import io.ipcstarter.actuate.autoconfigure.IpcMonitoringAutoConfiguration;
import io.ipcstarter.autoconfigure.IpcAutoConfiguration;

/**
 * The second process of {@link IpcTracingTests}: an application with an inbound
 * unix-socket endpoint ({@code headers: json}) and its own tracer, printing for each
 * message the trace it continues. Lines meant for the test start with {@code PEER}.
 */
public final class TracingPeer {

	private TracingPeer() {
	}

	public static void main(String[] args) {
		TestTracing tracing = new TestTracing();
		new SpringApplicationBuilder(PeerConfiguration.class).web(WebApplicationType.NONE)
			.properties("spring.main.banner-mode=off", "ipc.endpoints.traced.transport=unix-socket",
					"ipc.endpoints.traced.role=inbound", "ipc.endpoints.traced.address=" + args[0],
					"ipc.endpoints.traced.channel=traced", "ipc.endpoints.traced.headers=json",
					"ipc.endpoints.traced.payload-type=text")
			.initializers((context) -> {
				context.getBeanFactory().registerSingleton("observationRegistry", tracing.registry);
				context.getBeanFactory().registerSingleton("tracer", tracing.tracer);
			})
			.run();
		System.out.println("PEER ready");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class,
			IpcMonitoringAutoConfiguration.class })
	static class PeerConfiguration {

		@Bean
		Printer printer(io.micrometer.tracing.Tracer tracer) {
			return new Printer(tracer);
		}

	}

	static class Printer {

		private final io.micrometer.tracing.Tracer tracer;

		Printer(io.micrometer.tracing.Tracer tracer) {
			this.tracer = tracer;
		}

		@ServiceActivator(inputChannel = "traced")
		public void print(String payload, @Header(name = "tenant", required = false) String tenant) {
			Span span = this.tracer.currentSpan();
			System.out.println("PEER received " + payload + " trace=" + span.context().traceId() + " parent="
					+ span.context().parentId() + " tenant=" + tenant);
		}

	}

}
