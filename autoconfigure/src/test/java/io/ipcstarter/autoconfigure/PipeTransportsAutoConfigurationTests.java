package io.ipcstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pipe transports declared in YAML: a process gateway to a shell script, a FIFO fed
 * by {@code printf}, and the start-up errors for what they cannot do.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "sh, printf and FIFOs")
class PipeTransportsAutoConfigurationTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc().withUserConfiguration(Channels.class);

	@TempDir
	Path dir;

	@Test
	void processGatewayFromYamlAnswersThroughTheChannel() throws Exception {
		Path script = Files.writeString(this.dir.resolve("upper.sh"),
				"while IFS= read -r line; do printf '%s\\n' \"$line\" | tr a-z A-Z; done\n");
		this.runner
			.withPropertyValues("ipc.endpoints.shout.transport=process", "ipc.endpoints.shout.role=outbound-gateway",
					"ipc.endpoints.shout.address=sh " + script, "ipc.endpoints.shout.framing=line",
					"ipc.endpoints.shout.payload-type=text", "ipc.endpoints.shout.channel=shout",
					"ipc.endpoints.shout.process.restart=always", "ipc.endpoints.shout.process.shutdown-timeout=1s")
			.run(context -> {
				assertThat(context).hasNotFailed();
				Message<?> reply = new MessagingTemplate().sendAndReceive(
						context.getBean("shout", MessageChannel.class),
						MessageBuilder.withPayload("hello pipes").build());
				assertThat(reply.getPayload()).isEqualTo("HELLO PIPES");
			});
	}

	@Test
	void fifoFromYamlDeliversShellLinesWithHeaders() throws Exception {
		Path fifo = this.dir.resolve("events.fifo");
		this.runner
			.withPropertyValues("ipc.endpoints.events.transport=fifo", "ipc.endpoints.events.role=inbound",
					"ipc.endpoints.events.address=" + fifo, "ipc.endpoints.events.framing=line",
					"ipc.endpoints.events.payload-type=text", "ipc.endpoints.events.channel=inbox")
			.run(context -> {
				assertThat(context).hasNotFailed();
				PeerProcess.run("sh", "-c", "printf 'from the shell\\n' > \"$0\"", fifo.toString());
				Message<?> message = context.getBean("inbox", QueueChannel.class).receive(10_000);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("from the shell");
				assertThat(message.getHeaders()).containsEntry(IpcHeaders.TRANSPORT, "fifo")
					.containsEntry(IpcHeaders.ENDPOINT, "events");
			});
	}

	@Test
	void aFifoGatewayFailsStartUpNamingTheRolesItHas() {
		this.runner
			.withPropertyValues("ipc.endpoints.bad.transport=fifo", "ipc.endpoints.bad.role=inbound-gateway",
					"ipc.endpoints.bad.address=" + this.dir.resolve("x.fifo"), "ipc.endpoints.bad.channel=inbox")
			.run(context -> assertThat(context).hasFailed()
				.getFailure()
				.hasMessageContaining("ipc.endpoints.bad.role")
				.hasMessageContaining("cannot be inbound-gateway"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Channels {

		@Bean
		QueueChannel inbox() {
			return new QueueChannel();
		}

	}

}
