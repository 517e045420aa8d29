package io.ipcstarter.transport.amqp;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.amqp.autoconfigure.RabbitAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.autoconfigure.amqp.IpcAmqpAutoConfiguration;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.transport.ErrorReason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * No broker behind {@code spring.rabbitmq.*} (a loopback port where nothing listens), as
 * an application sees it from its YAML: an {@code outbound} endpoint starts, and its
 * first send fails with {@code timeout} after {@code send-timeout}, naming the broker; an
 * {@code inbound} endpoint fails start-up at once, naming the broker. (A broker that goes
 * away mid-stream: {@link AmqpStreamCrashTests}.)
 */
class AmqpBrokerDownTests {

	private static final Duration SEND_TIMEOUT = Duration.ofSeconds(2);

	private final int port = freePort();

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withConfiguration(AutoConfigurations.of(RabbitAutoConfiguration.class, IpcAmqpAutoConfiguration.class))
		.withPropertyValues("spring.rabbitmq.host=127.0.0.1", "spring.rabbitmq.port=" + this.port);

	@Test
	void sendWithoutABrokerFailsWithTimeoutAfterSendTimeoutNamingTheBroker() {
		this.runner
			.withPropertyValues("ipc.endpoints.out.transport=amqp", "ipc.endpoints.out.role=outbound",
					"ipc.endpoints.out.address=orders", "ipc.endpoints.out.channel=toBroker",
					"ipc.endpoints.out.send-timeout=" + SEND_TIMEOUT.toMillis() + "ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MessageChannel out = context.getBean("toBroker", MessageChannel.class);
				long start = System.nanoTime();
				Throwable thrown = catchThrowable(() -> out.send(MessageBuilder.withPayload("lost?").build()));
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				System.out.println("amqp, no broker at a send: " + took.toMillis() + " ms, " + thrown);
				assertThat(thrown).isInstanceOf(IpcMessagingException.class)
					.hasMessageContaining("amqp://127.0.0.1:" + this.port)
					.hasMessageContaining("within send-timeout 2s");
				assertThat(((IpcMessagingException) thrown).getReason()).isEqualTo(ErrorReason.TIMEOUT);
				assertThat(took).isGreaterThanOrEqualTo(SEND_TIMEOUT.minusMillis(50))
					.isLessThan(SEND_TIMEOUT.plusSeconds(3));
			});
	}

	@Test
	void inboundEndpointWithoutABrokerFailsStartUpNamingTheBroker() {
		this.runner
			.withPropertyValues("ipc.endpoints.in.transport=amqp", "ipc.endpoints.in.role=inbound",
					"ipc.endpoints.in.address=orders", "ipc.endpoints.in.channel=fromBroker")
			.run((context) -> {
				assertThat(context).hasFailed();
				System.out
					.println("amqp, no broker at the start of an inbound endpoint: " + context.getStartupFailure());
				assertThat(context.getStartupFailure())
					.hasStackTraceContaining("Cannot connect to the broker at amqp://127.0.0.1:" + this.port)
					.hasStackTraceContaining("'in'");
			});
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
