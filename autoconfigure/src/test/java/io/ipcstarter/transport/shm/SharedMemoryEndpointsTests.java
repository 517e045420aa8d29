package io.ipcstarter.transport.shm;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared-memory transport declared in YAML-style properties, through the Spring
 * Integration endpoints.
 */
class SharedMemoryEndpointsTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withUserConfiguration(TestBeans.Received.class, Config.class);

	@TempDir
	Path dir;

	@Test
	void outboundFeedsInboundAndGatewaysAnswerThroughRings() {
		String ring = this.dir.resolve("events").toString();
		String rpc = this.dir.resolve("rpc").toString();
		this.runner
			.withPropertyValues("ipc.defaults.shared-memory.capacity=64KB", "ipc.defaults.max-message-size=16KB",
					"ipc.defaults.shared-memory.idle-strategy=yield", "ipc.defaults.payload-type=text")
			.withPropertyValues(endpoint("in", "inbound", ring, "received"))
			.withPropertyValues(endpoint("out", "outbound", ring, "toSend"))
			.withPropertyValues(endpoint("server", "inbound-gateway", rpc, "toUpper"))
			.withPropertyValues(endpoint("client", "outbound-gateway", rpc, "requests"))
			.run(context -> {
				assertThat(context).hasNotFailed();
				MessagingTemplate template = new MessagingTemplate();
				template.send(context.getBean("toSend", MessageChannel.class),
						MessageBuilder.withPayload("hello").build());
				Message<?> received = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(received.getPayload()).isEqualTo("hello");
				assertThat(received.getHeaders()).containsEntry("ipc_transport", "shared-memory");
				Message<?> reply = template.sendAndReceive(context.getBean("requests", MessageChannel.class),
						MessageBuilder.withPayload("ping").build());
				assertThat(reply.getPayload()).isEqualTo("PING");
			});
	}

	@Test
	void capacityTooSmallForMaxMessageSizeFailsStartupNamingTheProperty() {
		this.runner
			.withPropertyValues("ipc.endpoints.in.transport=shared-memory", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=orders-test", "ipc.endpoints.in.channel=received",
					"ipc.endpoints.in.shared-memory.capacity=64KB")
			.run(context -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.in.shared-memory.capacity"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean
		Upper upper() {
			return new Upper();
		}

	}

	static class Upper {

		@ServiceActivator(inputChannel = "toUpper")
		public String upper(String text) {
			return text.toUpperCase();
		}

	}

	private static String[] endpoint(String name, String role, String address, String channel) {
		String prefix = "ipc.endpoints." + name + ".";
		return new String[] { prefix + "transport=shared-memory", prefix + "role=" + role,
				prefix + "address=" + address, prefix + "channel=" + channel };
	}

}
