package io.ipcstarter.integration.dsl;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.integration.dsl.MessageChannels;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.integration.core.MessagingTemplate;

import io.ipcstarter.integration.PayloadType;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.Framing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The Java DSL builds working endpoints: a flow started by {@code Ipc.unixSocket(path).inboundGateway()} answers a
 * python3 process, and a flow ending in {@code Ipc.unixSocket(path).outboundGateway()} calls it.
 */
class IpcDslTests {

	@TempDir
	static Path dir;

	private final ApplicationContextRunner runner = IpcContextRunners.integration()
		.withUserConfiguration(Flows.class);

	@Test
	void inboundGatewayFlowAnswersAPythonPeerAndAnOutboundGatewayFlow() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			String reply = python("import socket; s=socket.socket(socket.AF_UNIX); s.connect('" + socket()
					+ "'); s.sendall(b'hello\\n'); print(s.makefile().readline().strip())");
			assertThat(reply).isEqualTo("HELLO");
			Object answer = new MessagingTemplate()
				.sendAndReceive(context.getBean("calls", MessageChannel.class), MessageBuilder.withPayload("java").build())
				.getPayload();
			assertThat(answer).isEqualTo("JAVA");
		});
	}

	@Test
	void unknownTransportIsRefusedNamingIt() {
		assertThatIllegalArgumentException().isThrownBy(() -> Ipc.endpoint("no-such-transport", "x"))
			.withMessageContaining("Unknown IPC transport 'no-such-transport'");
	}

	static String socket() {
		return dir.resolve("dsl.sock").toString();
	}

	static String python(String code) throws Exception {
		return PeerProcess.runPythonCode(code).strip();
	}

	@Configuration(proxyBeanMethods = false)
	static class Flows {

		@Bean
		IntegrationFlow upperCaseServer() {
			return IntegrationFlow
				.from(Ipc.unixSocket(socket()).name("upper").framing(Framing.LINE).payloadType(PayloadType.TEXT)
					.inboundGateway())
				.<String, String>transform(String::toUpperCase)
				.get();
		}

		@Bean
		MessageChannel calls() {
			return MessageChannels.direct().getObject();
		}

		@Bean
		IntegrationFlow upperCaseClient() {
			return IntegrationFlow.from("calls")
				.handle(Ipc.unixSocket(socket()).name("caller").framing(Framing.LINE).payloadType(PayloadType.TEXT)
					.replyTimeout(Duration.ofSeconds(5)).outboundGateway())
				.get();
		}

	}

}
