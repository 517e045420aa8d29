package io.ipcstarter.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import static org.assertj.core.api.Assertions.assertThat;

class IpcAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(IntegrationAutoConfiguration.class, IpcAutoConfiguration.class))
		.withUserConfiguration(EchoConfiguration.class);

	@TempDir
	Path dir;

	@Test
	void outboundGatewayTalksToInboundGatewayOverUnixSocket() {
		String sock = this.dir.resolve("echo.sock").toString();
		this.runner
			.withPropertyValues("ipc.endpoints.server.transport=unix-socket", "ipc.endpoints.server.role=inbound-gateway",
					"ipc.endpoints.server.address=" + sock, "ipc.endpoints.server.channel=echo",
					"ipc.endpoints.client.transport=unix-socket", "ipc.endpoints.client.role=outbound-gateway",
					"ipc.endpoints.client.address=" + sock, "ipc.endpoints.client.channel=requests",
					"ipc.endpoints.client.payload-type=text")
			.run(context -> {
				assertThat(context).hasNotFailed();
				MessagingTemplate template = new MessagingTemplate();
				Message<?> reply = template.sendAndReceive(context.getBean("requests", MessageChannel.class),
						MessageBuilder.withPayload("hello").build());
				assertThat(reply.getPayload()).isEqualTo("hello");
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class EchoConfiguration {

		@Bean
		EchoService echoService() {
			return new EchoService();
		}

	}

	static class EchoService {

		@ServiceActivator(inputChannel = "echo")
		public Object echo(Object payload) {
			return payload;
		}

	}

}
