package io.ipcstarter.transport.dde;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code dde} outbound endpoint declared in properties, inside a Windows JVM (under
 * Wine here), poking a DDE server written straight against DDEML in a second Windows JVM:
 * the message's header {@code ipc_ddeItem} chooses the item, else {@code dde.item}.
 */
@WindowsTest
class DdeEndpointsWindowsTests {

	private final ApplicationContextRunner runner = IpcContextRunners.withMonitoring()
		.withUserConfiguration(Config.class);

	@Test
	void theItemHeaderOfAMessageOverridesTheConfiguredItem() throws Exception {
		String service = "IpcEp" + (System.nanoTime() % 1_000_000_000L);
		try (PeerProcess server = PeerProcess.java(DdePeerMain.class, "server", service, "Sheet1")) {
			server.await("ready", Duration.ofSeconds(90));
			this.runner
				.withPropertyValues("ipc.endpoints.cells.transport=dde", "ipc.endpoints.cells.role=outbound",
						"ipc.endpoints.cells.address=" + service + "|Sheet1", "ipc.endpoints.cells.channel=cells",
						"ipc.endpoints.cells.payload-type=text", "ipc.endpoints.cells.dde.item=R1C1")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					MessageChannel cells = context.getBean("cells", MessageChannel.class);
					MessagingTemplate template = new MessagingTemplate();
					template.send(cells, MessageBuilder.withPayload("default").build());
					assertThat(server.await("poked", Duration.ofSeconds(30))).isEqualTo("R1C1 default");
					template.send(cells, MessageBuilder.withPayload("chosen").setHeader("ipc_ddeItem", "R9C9").build());
					assertThat(server.await("poked", Duration.ofSeconds(30))).isEqualTo("R9C9 chosen");
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

	}

}
