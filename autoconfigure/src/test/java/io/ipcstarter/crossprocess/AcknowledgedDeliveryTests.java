package io.ipcstarter.crossprocess;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.support.MessageBuilder;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;

import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code delivery: acknowledged} through YAML: a python3 sender written from
 * {@code docs/wire-formats.md} (hello, numbered messages, a message sent again), the
 * refusals a sender is told of (oversize, a failing handler), a plain receiver, and the
 * endpoints that cannot be acknowledged. The crash figures are in
 * {@code io.ipcstarter.reliability.DeliveryCrashTests}.
 */
class AcknowledgedDeliveryTests {

	/** Speaks the protocol over line framing, as the docs describe it. */
	private static final String PYTHON_SENDER = """
			import sys
			from ipcframing import connect, encode, Reader, say
			address = sys.argv[1]
			def session(frames):
			    s = connect(unix=address, timeout=10)
			    r = Reader(s)
			    s.sendall(encode('line', b'IPC-ACK/1 py-sender-7'))
			    say('hello ' + r.frame('line').decode())
			    for f in frames:
			        s.sendall(encode('line', f))
			        say('ack ' + r.frame('line').decode())
			    s.close()
			session([b'1 m1', b'2 m2', b'3 m3'])
			session([b'3 m3', b'4 m4'])
			""";

	@TempDir
	Path dir;

	private ApplicationContextRunner inbound(String... more) {
		List<String> properties = new ArrayList<>(List.of("ipc.endpoints.in.transport=unix-socket",
				"ipc.endpoints.in.role=inbound", "ipc.endpoints.in.address=" + this.dir.resolve("in.sock"),
				"ipc.endpoints.in.channel=in", "ipc.endpoints.in.delivery=acknowledged"));
		properties.addAll(List.of(more));
		return LocalContexts.plain().withPropertyValues(properties.toArray(String[]::new));
	}

	@Test
	void aPythonSenderFromTheDocsIsAcknowledgedAndItsResentMessageIsNotDeliveredTwice() {
		inbound("ipc.endpoints.in.framing=line").run((context) -> {
			assertThat(context).hasNotFailed();
			try (PeerProcess sender = PeerProcess.pythonCode(PYTHON_SENDER, this.dir.resolve("in.sock").toString())) {
				assertThat(sender.awaitLine(PeerProcess.SAID + "hello", PythonPeers.WAIT)).endsWith("IPC-ACK/1 0");
				for (int i = 1; i <= 3; i++) {
					assertThat(sender.awaitLine(PeerProcess.SAID + "ack", PythonPeers.WAIT)).endsWith("ack " + i);
				}
				assertThat(sender.awaitLine(PeerProcess.SAID + "hello", PythonPeers.WAIT))
					.as("the receiver remembers what it handled from this sender")
					.endsWith("IPC-ACK/1 3");
				assertThat(sender.awaitLine(PeerProcess.SAID + "ack", PythonPeers.WAIT)).endsWith("ack 3");
				assertThat(sender.awaitLine(PeerProcess.SAID + "ack", PythonPeers.WAIT)).endsWith("ack 4");
				assertThat(sender.awaitExit(PythonPeers.WAIT)).isZero();
			}
			BlockingQueue<Message<?>> messages = context.getBean(LocalContexts.Collector.class).messages();
			List<String> delivered = new ArrayList<>();
			Message<?> m;
			while ((m = messages.poll(300, TimeUnit.MILLISECONDS)) != null) {
				delivered.add(new String((byte[]) m.getPayload(), StandardCharsets.US_ASCII));
			}
			assertThat(delivered).containsExactly("m1", "m2", "m3", "m4");
		});
	}

	@Test
	void aSenderIsToldWhenTheReceiverRefusesAMessageAndTheNextOneStillGoes() {
		inbound("ipc.endpoints.in.max-message-size=8B", "ipc.endpoints.out.transport=unix-socket",
				"ipc.endpoints.out.role=outbound", "ipc.endpoints.out.address=" + this.dir.resolve("in.sock"),
				"ipc.endpoints.out.channel=out", "ipc.endpoints.out.delivery=acknowledged")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel out = context.getBean("out", MessageChannel.class);
				assertThatThrownBy(() -> out.send(MessageBuilder.withPayload("far too long".getBytes()).build()))
					.hasRootCauseInstanceOf(io.ipcstarter.transport.IpcException.class)
					.rootCause()
					.hasMessageContaining("refused")
					.hasMessageContaining("oversize");
				out.send(MessageBuilder.withPayload("short".getBytes()).build());
				Message<?> delivered = context.getBean(LocalContexts.Collector.class)
					.messages()
					.poll(10, TimeUnit.SECONDS);
				assertThat(delivered).isNotNull();
				assertThat(new String((byte[]) delivered.getPayload(), StandardCharsets.US_ASCII)).isEqualTo("short");
			});
	}

	@Test
	void aFailingHandlerIsReportedToTheSender() {
		IpcContextRunners.ipc()
			.withUserConfiguration(Failing.class)
			.withPropertyValues("ipc.endpoints.in.transport=unix-socket", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + this.dir.resolve("f.sock"), "ipc.endpoints.in.channel=fail",
					"ipc.endpoints.in.delivery=acknowledged", "ipc.endpoints.out.transport=unix-socket",
					"ipc.endpoints.out.role=outbound", "ipc.endpoints.out.address=" + this.dir.resolve("f.sock"),
					"ipc.endpoints.out.channel=out", "ipc.endpoints.out.delivery=acknowledged")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel out = context.getBean("out", MessageChannel.class);
				assertThatThrownBy(() -> out.send(MessageBuilder.withPayload("x".getBytes()).build()))
					.isInstanceOf(IpcMessagingException.class)
					.hasMessageContaining("refused")
					.satisfies((ex) -> assertThat(((IpcMessagingException) ex).getReason())
						.isEqualTo(ErrorReason.HANDLER));
			});
	}

	@Test
	void anAcknowledgedSenderFailsWithAHintAgainstAPlainReceiver() {
		LocalContexts.plain()
			.withPropertyValues("ipc.endpoints.in.transport=unix-socket", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=" + this.dir.resolve("p.sock"), "ipc.endpoints.in.channel=in",
					"ipc.endpoints.out.transport=unix-socket", "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=" + this.dir.resolve("p.sock"), "ipc.endpoints.out.channel=out",
					"ipc.endpoints.out.delivery=acknowledged", "ipc.endpoints.out.send-timeout=1s")
			.run((context) -> {
				MessageChannel out = context.getBean("out", MessageChannel.class);
				assertThatThrownBy(() -> out.send(MessageBuilder.withPayload("x".getBytes()).build()))
					.hasMessageContaining("No acknowledgement")
					.hasMessageContaining("delivery: acknowledged");
			});
	}

	@Test
	void endpointsThatCannotBeAcknowledgedFailStartUpNamingTheProperty() {
		for (String[] endpoint : new String[][] { { "unix-socket", "inbound-gateway", "a gateway's reply" },
				{ "fifo", "inbound", "no way back" }, { "udp", "inbound", "no way back" } }) {
			String address = endpoint[0].equals("udp") ? "127.0.0.1:0" : this.dir.resolve("x").toString();
			IpcContextRunners.ipc()
				.withPropertyValues("ipc.endpoints.e.transport=" + endpoint[0], "ipc.endpoints.e.role=" + endpoint[1],
						"ipc.endpoints.e.address=" + address, "ipc.endpoints.e.channel=c",
						"ipc.endpoints.e.delivery=acknowledged")
				.run((context) -> assertThat(context).getFailure()
					.hasStackTraceContaining(InvalidEndpointException.class.getSimpleName())
					.hasStackTraceContaining("ipc.endpoints.e.delivery")
					.hasStackTraceContaining(endpoint[2]));
		}
		IpcContextRunners.ipc()
			.withPropertyValues("ipc.endpoints.e.transport=tcp", "ipc.endpoints.e.role=outbound",
					"ipc.endpoints.e.address=127.0.0.1:9", "ipc.endpoints.e.channel=c", "ipc.endpoints.e.framing=raw",
					"ipc.endpoints.e.delivery=acknowledged")
			.run((context) -> assertThat(context).getFailure().hasStackTraceContaining("raw framing"));
	}

	/** A handler that always fails. */
	@Configuration(proxyBeanMethods = false)
	@org.springframework.integration.config.EnableIntegration
	static class Failing {

		@Bean
		Thrower thrower() {
			return new Thrower();
		}

	}

	static class Thrower {

		@ServiceActivator(inputChannel = "fail")
		public void handle(byte[] payload) {
			throw new IllegalStateException("handler says no");
		}

	}

}
