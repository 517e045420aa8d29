package io.ipcstarter.integration.dsl;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

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
import io.ipcstarter.actuate.IpcEndpoints;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.Framing;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.file.FileOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Java DSL builds working endpoints: a flow started by
 * {@code Ipc.unixSocket(path).inboundGateway()} answers a python3 process, and a flow
 * ending in {@code Ipc.unixSocket(path).outboundGateway()} calls it.
 */
class IpcDslTests {

	@TempDir
	static Path dir;

	private final ApplicationContextRunner runner = IpcContextRunners.integration().withUserConfiguration(Flows.class);

	@Test
	void inboundGatewayFlowAnswersAPythonPeerAndAnOutboundGatewayFlow() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			String reply = python("import socket; s=socket.socket(socket.AF_UNIX); s.connect('" + socket()
					+ "'); s.sendall(b'hello\\n'); print(s.makefile().readline().strip())");
			assertThat(reply).isEqualTo("HELLO");
			Object answer = new MessagingTemplate()
				.sendAndReceive(context.getBean("calls", MessageChannel.class),
						MessageBuilder.withPayload("java").build())
				.getPayload();
			assertThat(answer).isEqualTo("JAVA");
		});
	}

	@Test
	void unknownTransportIsRefusedAsInYaml() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> Ipc.endpoint("no-such-transport", "x").inboundAdapter())
			.withMessageContaining("unknown transport 'no-such-transport'")
			.satisfies((ex) -> assertThat(ex.propertyName()).endsWith(".transport"));
	}

	@Test
	void roleTheTransportCannotPlayIsRefusedAsInYaml() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> Ipc.endpoint("fifo", dir.resolve("f").toString()).name("child").inboundGateway())
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.child.role"));
	}

	@Test
	void badValueNamesItsKeyAsInYaml() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> Ipc.unixSocket(socket()).name("e").sendTimeout(Duration.ZERO).outboundAdapter())
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e.send-timeout"));
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> Ipc.unixSocket(socket()).name("e").permissions("rwx").outboundAdapter())
			.satisfies((ex) -> assertThat(ex.propertyName()).isEqualTo("ipc.endpoints.e.permissions"));
	}

	@Test
	void optionsOfAnotherTransportAreRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(
				() -> Ipc.unixSocket(socket()).name("e").option(FileOptions.class, new FileOptions()).outboundAdapter())
			.withMessageContaining("options of transport 'file' on a 'unix-socket' endpoint");
	}

	@Test
	void unnamedEndpointsOfOneTransportAreNamedAfterTheirBeansAndAllShow() {
		IpcContextRunners.withMonitoring().withUserConfiguration(TwoUnnamed.class).run(context -> {
			assertThat(context).hasNotFailed();
			List<String> names = context.getBeansOfType(IpcEndpoint.class)
				.values()
				.stream()
				.map((e) -> e.getSpec().name())
				.sorted()
				.toList();
			// one named by its .id(...), the other by the bean name its flow gave it
			assertThat(names).hasSize(2)
				.doesNotHaveDuplicates()
				.contains("first")
				.allSatisfy((name) -> assertThat(name).isNotEqualTo("unix-socket"));
			assertThat(context.getBean(IpcEndpoints.class).all()).extracting((a) -> a.endpoint().getSpec().name())
				.containsExactlyElementsOf(names);
		});
	}

	@Test
	void twoEndpointsOfOneNameFailStartUp() {
		IpcContextRunners.ipc().withUserConfiguration(TwoOfOneName.class).run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("two endpoints are named 'same'");
		});
	}

	static String socket() {
		return dir.resolve("dsl.sock").toString();
	}

	static String python(String code) throws Exception {
		return PeerProcess.runPythonCode(code).strip();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoUnnamed {

		@Bean
		IntegrationFlow firstFlow() {
			return IntegrationFlow
				.from(Ipc.unixSocket(dir.resolve("first.sock").toString()).inboundAdapter().id("first"))
				.nullChannel();
		}

		@Bean
		IntegrationFlow secondFlow() {
			return IntegrationFlow.from(Ipc.unixSocket(dir.resolve("second.sock").toString()).inboundAdapter())
				.nullChannel();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoOfOneName {

		@Bean
		IntegrationFlow oneFlow() {
			return IntegrationFlow
				.from(Ipc.unixSocket(dir.resolve("one.sock").toString()).name("same").inboundAdapter())
				.nullChannel();
		}

		@Bean
		IntegrationFlow otherFlow() {
			return IntegrationFlow
				.from(Ipc.unixSocket(dir.resolve("two.sock").toString()).name("same").inboundAdapter())
				.nullChannel();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Flows {

		@Bean
		IntegrationFlow upperCaseServer() {
			return IntegrationFlow
				.from(Ipc.unixSocket(socket())
					.name("upper")
					.framing(Framing.LINE)
					.payloadType(PayloadType.TEXT)
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
				.handle(Ipc.unixSocket(socket())
					.name("caller")
					.framing(Framing.LINE)
					.payloadType(PayloadType.TEXT)
					.replyTimeout(Duration.ofSeconds(5))
					.outboundGateway())
				.get();
		}

	}

}
