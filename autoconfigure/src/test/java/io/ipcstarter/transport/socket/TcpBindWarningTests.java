package io.ipcstarter.transport.socket;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.integration.autoconfigure.IntegrationAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;

import io.ipcstarter.autoconfigure.IpcAutoConfiguration;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code tcp} inbound endpoint that listens beyond loopback says so once, at start-up
 * (when it is validated), naming the endpoint and the address; loopback listeners, TLS
 * listeners and outbound endpoints say nothing. The transport logs through
 * {@link System.Logger}, which goes to {@code java.util.logging}, and from there to
 * Spring Boot's logging.
 */
@ExtendWith(OutputCaptureExtension.class)
class TcpBindWarningTests {

	private final Logger logger = Logger.getLogger(TcpAddressKind.class.getName());

	private final List<LogRecord> records = new CopyOnWriteArrayList<>();

	private final Handler handler = new Handler() {

		@Override
		public void publish(LogRecord record) {
			TcpBindWarningTests.this.records.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void capture() {
		this.logger.addHandler(this.handler);
	}

	@AfterEach
	void release() {
		this.logger.removeHandler(this.handler);
	}

	@Test
	void inboundOnAllInterfacesShouldWarnOnceNamingTheEndpointAndAddress() {
		new TcpTransport().validate(spec("orders", Role.INBOUND, "0.0.0.0:7070"));
		assertThat(this.records).singleElement().satisfies((record) -> {
			assertThat(record.getLevel()).isEqualTo(Level.WARNING);
			assertThat(record.getMessage()).contains("'orders'", "0.0.0.0:7070", "beyond loopback", "without TLS");
		});
	}

	@Test
	void inboundGatewayOnAnotherInterfaceShouldWarn() {
		new TcpTransport().validate(spec("echo", Role.INBOUND_GATEWAY, "[::]:0"));
		assertThat(this.records).singleElement()
			.satisfies((record) -> assertThat(record.getMessage()).contains("'echo'", "[::]:0"));
	}

	@Test
	void loopbackListenersAndOutboundEndpointsShouldSayNothing() {
		TcpTransport tcp = new TcpTransport();
		tcp.validate(spec("bare", Role.INBOUND, "7070"));
		tcp.validate(spec("local", Role.INBOUND, "127.0.0.1:0"));
		tcp.validate(spec("localhost", Role.INBOUND_GATEWAY, "localhost:7071"));
		tcp.validate(spec("v6", Role.INBOUND, "[::1]:7072"));
		tcp.validate(spec("remote", Role.OUTBOUND, "192.0.2.1:7070"));
		assertThat(this.records).isEmpty();
	}

	@Test
	void aTlsListenerBeyondLoopbackShouldSayNothing() {
		TcpOptions options = new TcpOptions();
		options.getSsl().setBundle("server");
		new TcpTransport().validate(EndpointSpec.builder("secured", "tcp", Role.INBOUND, "0.0.0.0:7443")
			.option(TcpOptions.class, options)
			.build());
		assertThat(this.records).isEmpty();
	}

	@Test
	void springBootLogsTheWarningOnceWhenTheApplicationStarts(CapturedOutput output) {
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.bannerMode(Banner.Mode.OFF)
			.run("--ipc.endpoints.orders.transport=tcp", "--ipc.endpoints.orders.role=inbound",
					"--ipc.endpoints.orders.address=0.0.0.0:0", "--ipc.endpoints.orders.channel=orders",
					"--ipc.endpoints.local.transport=tcp", "--ipc.endpoints.local.role=inbound",
					"--ipc.endpoints.local.address=0", "--ipc.endpoints.local.channel=orders")) {
			context.getBean("ipc.orders", Lifecycle.class).stop();
			context.getBean("ipc.orders", Lifecycle.class).start();
		}
		assertThat(output.getAll().split("\n"))
			.filteredOn((line) -> line.contains("IPC endpoint") && line.contains("beyond loopback"))
			.singleElement()
			.satisfies((line) -> assertThat(line).contains("WARN", "'orders'", "0.0.0.0:0"));
	}

	private static EndpointSpec spec(String name, Role role, String address) {
		return EndpointSpec.builder(name, "tcp", role, address).build();
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ IntegrationAutoConfiguration.class, IpcAutoConfiguration.class })
	@EnableIntegration
	static class App {

		@Bean
		QueueChannel orders() {
			return new QueueChannel();
		}

	}

}
