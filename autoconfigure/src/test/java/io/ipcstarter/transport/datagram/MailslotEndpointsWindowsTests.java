package io.ipcstarter.transport.datagram;

import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code mailslot} endpoints declared in properties, through the Spring Integration
 * endpoints, inside a Windows JVM (under Wine here; Wine is not Windows): a message with
 * embedded headers from an outbound endpoint to an inbound one, and the inbound
 * endpoint's backlog meter counted in messages.
 */
@WindowsTest
class MailslotEndpointsWindowsTests {

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
		.withUserConfiguration(TestBeans.Received.class, TestBeans.Meters.class);

	@Test
	void outboundFeedsInboundWithHeadersAndTheBacklogIsCountedInMessages() {
		String slot = "ipc-endpoints-" + UUID.randomUUID();
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.defaults.headers=json",
					"ipc.endpoints.in.transport=mailslot", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + slot, "ipc.endpoints.in.channel=received",
					"ipc.endpoints.out.transport=mailslot", "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=\\\\.\\mailslot\\" + slot, "ipc.endpoints.out.channel=toSend")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				new MessagingTemplate().send(context.getBean("toSend", MessageChannel.class),
						MessageBuilder.withPayload("hello").setHeader("orderId", "42").build());
				Message<?> received = context.getBean("received", QueueChannel.class).receive(20_000);
				assertThat(received).isNotNull();
				assertThat(received.getPayload()).isEqualTo("hello");
				assertThat(received.getHeaders()).containsEntry("ipc_transport", "mailslot")
					.containsEntry("ipc_endpoint", "in")
					.containsEntry("orderId", "42");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("ipc.backlog").tags("endpoint", "in").gauge().getId().getBaseUnit())
					.isEqualTo("messages");
				assertThat(registry.get("ipc.backlog").tags("endpoint", "in").gauge().value()).isZero();
			});
	}

}
