package io.ipcstarter.sample;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.core.MessagingTemplate;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.GenericMessage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.ipcstarter.integration.IpcEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app as its {@code application.yml} declares it, with only the addresses
 * moved to a temporary directory and free ports ({@link SampleAddresses}); the tests read
 * the real addresses from the {@code IpcEndpoint} beans. A python3 client talks to the
 * echo gateway over both transports with the documented framing, and sends one-way
 * events, directly and through the tcp-to-unix relay.
 */
@SpringBootTest
class SampleAppPythonPeerTests {

	@TempDir
	static Path dir;

	@DynamicPropertySource
	static void addresses(DynamicPropertyRegistry registry) {
		SampleAddresses.movedTo(dir).forEach((name, address) -> registry.add(name, () -> address));
	}

	@Autowired
	@Qualifier("ipc.echo-unix")
	IpcEndpoint echoUnix;

	@Autowired
	@Qualifier("ipc.echo-tcp")
	IpcEndpoint echoTcp;

	@Autowired
	@Qualifier("ipc.events-tcp")
	IpcEndpoint eventsTcp;

	@Autowired
	@Qualifier("ipc.events-unix")
	IpcEndpoint eventsUnix;

	@Autowired
	@Qualifier("ipc.relay-in")
	IpcEndpoint relayIn;

	@Autowired
	EventLog events;

	@Autowired
	EchoClient echoClient;

	@Autowired
	@Qualifier("ask-tcp")
	MessageChannel askTcp;

	@Test
	void pythonEchoesOverTheUnixSocket() throws Exception {
		assertThat(this.echoUnix.getAddress()).startsWith(dir.toString()).endsWith("echo.sock");
		String output = PythonClient.run("unix-socket", this.echoUnix.getAddress(), "echo", "4", "50");
		assertThat(output).contains("PEER:ECHO-OK 200");
	}

	@Test
	void pythonEchoesOverTcp() throws Exception {
		String address = this.echoTcp.getAddress();
		assertThat(address).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:0");
		String output = PythonClient.run("tcp", address, "echo", "4", "50");
		assertThat(output).contains("PEER:ECHO-OK 200");
	}

	@Test
	void pythonEventsArriveOverBothTransportsAndThroughTheRelay() throws Exception {
		long before = this.events.count();
		PythonClient.run("unix-socket", this.eventsUnix.getAddress(), "send", "100");
		PythonClient.run("tcp", this.eventsTcp.getAddress(), "send", "100");
		PythonClient.run("tcp", this.relayIn.getAddress(), "send", "100");
		await().atMost(Duration.ofSeconds(30)).until(() -> this.events.count() - before == 300);
	}

	@Test
	void echoClientCallsTheEchoServerOverTheUnixSocket() {
		assertThat(this.echoClient.echo("ping")).isEqualTo("ping");
	}

	@Test
	void askTcpGatewayCallsTheEchoServerOverTcp() {
		Message<?> reply = new MessagingTemplate().sendAndReceive(this.askTcp,
				new GenericMessage<>("ping".getBytes(StandardCharsets.UTF_8)));
		assertThat(reply).isNotNull();
		assertThat(reply.getPayload()).isEqualTo("ping".getBytes(StandardCharsets.UTF_8));
	}

}
