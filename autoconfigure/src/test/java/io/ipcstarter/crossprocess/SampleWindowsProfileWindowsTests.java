package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.config.EnableIntegration;
import org.springframework.messaging.Message;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.MingwPeer;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.WindowsTest;
import io.ipcstarter.transport.dde.DdePeerMain;
import io.ipcstarter.transport.window.WindowMessagePeerMain;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's {@code windows} profile
 * ({@code sample-app/src/main/resources/application-windows.yml}, read as the file it is)
 * bound by the IPC auto-configuration inside a Windows JVM under Wine (Wine is not
 * Windows), each endpoint exercised from a second Windows process: a Java
 * {@code window-message} gateway asking {@code echo-window}, the mingw-w64 C clipboard
 * peer writing to {@code events-clipboard}, and a Java DDE client requesting from and
 * poking {@code echo-dde}. The context is the auto-configuration with stand-ins for the
 * sample's {@code EchoService} (answers with the request) and {@code EventLog} (a queue),
 * not the whole sample app: that took 74 s to start under Wine on a loaded machine, and
 * only with its default profile's unix-socket endpoints switched off (Wine 8 has no
 * AF_UNIX); the sample's README says how it was run by hand.
 */
@WindowsTest
class SampleWindowsProfileWindowsTests {

	private static final Path PROFILE = Path.of("..", "sample-app", "src", "main", "resources",
			"application-windows.yml");

	private static final Duration PEER = Duration.ofSeconds(90);

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withInitializer((context) -> context.getEnvironment().getPropertySources().addFirst(profile()))
		.withUserConfiguration(SampleStandIns.class);

	@Test
	void eachEndpointOfTheProfileServesASecondWindowsProcess() {
		assertThat(PROFILE).as("the sample's windows profile").exists();
		MingwPeer clipboardPeer = MingwPeer.named("clipboard_peer");
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			// window-message: a copydata gateway in another JVM asks the profile's window
			try (PeerProcess asker = PeerProcess.java(WindowMessagePeerMain.class, "request", "IpcSampleEcho",
					"copydata", "hello-window")) {
				assertThat(asker.awaitOutput(PEER).trim()).isEqualTo("reply hello-window");
			}
			// clipboard: a C program writes the profile's format
			QueueChannel events = context.getBean("events", QueueChannel.class);
			try (PeerProcess writer = clipboardPeer.start("write", "IpcSample.Event")) {
				writer.tell("hello-clipboard");
				writer.await("written", PEER);
				Message<?> event = events.receive(30_000);
				assertThat(event).isNotNull();
				assertThat(event.getPayload()).isEqualTo(bytes("hello-clipboard"));
			}
			// dde: a DDE client in another JVM requests an item and pokes one
			try (PeerProcess client = PeerProcess.java(DdePeerMain.class, "client", "IpcSample", "Echo")) {
				client.tell("request hello-dde");
				assertThat(client.await("reply", PEER)).isEqualTo("hello-dde");
				client.tell("poke R1C1 poked-dde");
				client.await("poked", PEER);
			}
			assertThat(context.getBean(SampleStandIns.class).echoed).containsExactly("hello-window", "hello-dde",
					"poked-dde");
		});
	}

	private static PropertySource<?> profile() {
		try {
			List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("application-windows.yml",
					new FileSystemResource(PROFILE));
			return sources.get(0);
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException("Cannot read " + PROFILE.toAbsolutePath(), ex);
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/** What the sample app's EchoService and EventLog do, in this context. */
	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class SampleStandIns {

		final List<String> echoed = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		QueueChannel events() {
			return new QueueChannel();
		}

		@ServiceActivator(inputChannel = "echo")
		byte[] echo(byte[] payload) {
			this.echoed.add(new String(payload, StandardCharsets.UTF_8));
			return payload;
		}

	}

}
