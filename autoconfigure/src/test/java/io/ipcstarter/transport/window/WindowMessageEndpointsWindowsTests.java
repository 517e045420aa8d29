package io.ipcstarter.transport.window;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
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

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code window-message} endpoints declared in properties, through the Spring Integration
 * endpoints, inside a Windows JVM (under Wine here; Wine is not Windows): the message
 * type and embedded headers from an outbound endpoint to an inbound one, both reply forms
 * of the gateways, and a malformed header block from a second Windows JVM counted while
 * the good message after it arrives.
 */
@WindowsTest
class WindowMessageEndpointsWindowsTests {

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
		.withUserConfiguration(TestBeans.Received.class, TestBeans.Meters.class, Config.class);

	private final String window = "IpcEndpoints" + UUID.randomUUID().toString().substring(0, 8);

	@Test
	void outboundFeedsInboundWithItsMessageTypeAndHeaders() {
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.defaults.headers=json",
					"ipc.endpoints.in.transport=window-message", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + this.window, "ipc.endpoints.in.channel=received",
					"ipc.endpoints.out.transport=window-message", "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=" + this.window, "ipc.endpoints.out.channel=toSend",
					"ipc.endpoints.out.window-message.message-type=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel toSend = context.getBean("toSend", MessageChannel.class);
				new MessagingTemplate().send(toSend,
						MessageBuilder.withPayload("typed")
							.setHeader("ipc_messageType", 9)
							.setHeader("orderId", "42")
							.build());
				new MessagingTemplate().send(toSend, MessageBuilder.withPayload("default type").build());
				QueueChannel received = context.getBean("received", QueueChannel.class);
				Message<?> typed = received.receive(20_000);
				assertThat(typed).isNotNull();
				assertThat(typed.getPayload()).isEqualTo("typed");
				assertThat(typed.getHeaders()).containsEntry("ipc_transport", "window-message")
					.containsEntry("ipc_endpoint", "in")
					.containsEntry("ipc_messageType", 9L)
					.containsEntry("orderId", "42");
				Message<?> untyped = received.receive(20_000);
				assertThat(untyped).isNotNull();
				assertThat(untyped.getHeaders()).containsEntry("ipc_messageType", 3L);
			});
	}

	@Test
	void gatewaysAnswerByCopyDataAndByResult() {
		String numbers = this.window + "-n";
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.endpoints.server.transport=window-message",
					"ipc.endpoints.server.role=inbound-gateway", "ipc.endpoints.server.address=" + this.window,
					"ipc.endpoints.server.channel=requests", "ipc.endpoints.client.transport=window-message",
					"ipc.endpoints.client.role=outbound-gateway", "ipc.endpoints.client.address=" + this.window,
					"ipc.endpoints.client.channel=toServer", "ipc.endpoints.nserver.transport=window-message",
					"ipc.endpoints.nserver.role=inbound-gateway", "ipc.endpoints.nserver.address=" + numbers,
					"ipc.endpoints.nserver.channel=numberRequests", "ipc.endpoints.nserver.window-message.reply=result",
					"ipc.endpoints.nclient.transport=window-message", "ipc.endpoints.nclient.role=outbound-gateway",
					"ipc.endpoints.nclient.address=" + numbers, "ipc.endpoints.nclient.channel=toNumbers",
					"ipc.endpoints.nclient.window-message.reply=result")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessagingTemplate template = new MessagingTemplate();
				template.setReceiveTimeout(20_000);
				assertThat(template.convertSendAndReceive(context.getBean("toServer", MessageChannel.class), "hello",
						String.class))
					.isEqualTo("HELLO");
				assertThat(template.convertSendAndReceive(context.getBean("toNumbers", MessageChannel.class), "20",
						String.class))
					.isEqualTo("21");
			});
	}

	@Test
	void aMalformedHeaderBlockFromASecondJvmIsCountedAndTheNextMessageArrives() {
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.endpoints.in.headers=json",
					"ipc.endpoints.in.transport=window-message", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + this.window, "ipc.endpoints.in.channel=received")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "badheaders", this.window)) {
					assertThat(peer.awaitOutput(Duration.ofSeconds(90)).trim()).isEqualTo("sent");
				}
				Message<?> after = context.getBean("received", QueueChannel.class).receive(20_000);
				assertThat(after).isNotNull();
				assertThat(after.getPayload()).isEqualTo("after");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.find("ipc.errors").tags("endpoint", "in", "reason", "decode").counter(),
							(counter) -> counter != null && counter.count() == 1);
			});
	}

	@Test
	void messageTypesNotAcceptedAreCountedAsDecodeAndTheOthersArrive() {
		this.runner
			.withPropertyValues("ipc.defaults.payload-type=text", "ipc.endpoints.in.transport=window-message",
					"ipc.endpoints.in.role=inbound", "ipc.endpoints.in.address=" + this.window,
					"ipc.endpoints.in.channel=received",
					"ipc.endpoints.in.window-message.accepted-message-types=100,102,104")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				// types 100 to 104, one each: 101 and 103 are refused
				try (PeerProcess peer = PeerProcess.java(WindowMessagePeerMain.class, "send", this.window, "5")) {
					assertThat(peer.awaitOutput(Duration.ofSeconds(90)).trim()).isEqualTo("sent 5");
				}
				QueueChannel received = context.getBean("received", QueueChannel.class);
				for (String good : List.of("m0", "m2", "m4")) {
					Message<?> message = received.receive(20_000);
					assertThat(message).isNotNull();
					assertThat(message.getPayload()).isEqualTo(good);
				}
				assertThat(received.receive(100)).isNull();
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.find("ipc.errors").tags("endpoint", "in", "reason", "decode").counter(),
							(counter) -> counter != null && counter.count() == 2);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

		@Bean
		Answers answers() {
			return new Answers();
		}

	}

	/** The server side's flows. */
	static class Answers {

		@ServiceActivator(inputChannel = "requests")
		String upperCase(String request) {
			return request.toUpperCase(java.util.Locale.ROOT);
		}

		@ServiceActivator(inputChannel = "numberRequests")
		String plusOne(String request) {
			return Long.toString(Long.parseLong(request) + 1);
		}

	}

}
