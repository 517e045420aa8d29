package io.ipcstarter.autoconfigure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcHeaders;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.file.FileMode;
import io.ipcstarter.transport.file.FileOptions;
import io.ipcstarter.transport.file.ReadyWhen;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code file} transport through YAML-declared Spring Integration endpoints, with a
 * writer and a reader in other processes (python3, following docs/wire-formats.md).
 */
class FileEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = IpcContextRunners.ipc()
		.withUserConfiguration(TestBeans.Received.class);

	@TempDir
	Path tmp;

	@Test
	void inboundEndpointDeliversFilesFromAnotherProcessWithTheFileNameHeader() {
		Path box = this.tmp.resolve("in");
		this.runner
			.withPropertyValues("ipc.endpoints.drop.transport=file", "ipc.endpoints.drop.role=inbound",
					"ipc.endpoints.drop.address=" + box, "ipc.endpoints.drop.channel=received",
					"ipc.endpoints.drop.payload-type=text", "ipc.endpoints.drop.file.poll-interval=50ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				python("maildir_writer.py", box.toString(), "from python");
				Message<?> message = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("from python");
				assertThat(message.getHeaders()).containsEntry(IpcHeaders.TRANSPORT, "file")
					.containsEntry(IpcHeaders.ENDPOINT, "drop");
				assertThat((String) message.getHeaders().get(IpcHeaders.FILE_NAME)).contains("_py_0.");
			});
	}

	@Test
	void outboundEndpointWritesFilesAnotherProcessReads() {
		Path box = this.tmp.resolve("out");
		this.runner
			.withPropertyValues("ipc.endpoints.send.transport=file", "ipc.endpoints.send.role=outbound",
					"ipc.endpoints.send.address=" + box, "ipc.endpoints.send.channel=toFile")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("toFile", MessageChannel.class).send(MessageBuilder.withPayload("to python").build());
				assertThat(python("maildir_reader.py", box.toString(), "1")).endsWith(" to python\n");
			});
	}

	@Test
	void fileWhoseHandlerKeepsFailingEndsInErrorAfterMaxAttemptsAndLaterFilesStillArrive() {
		Path box = this.tmp.resolve("in");
		this.runner.withUserConfiguration(FailingConfiguration.class)
			.withPropertyValues("ipc.endpoints.drop.transport=file", "ipc.endpoints.drop.role=inbound",
					"ipc.endpoints.drop.address=" + box, "ipc.endpoints.drop.channel=checked",
					"ipc.endpoints.drop.payload-type=text", "ipc.endpoints.drop.file.poll-interval=50ms",
					"ipc.endpoints.drop.file.max-attempts=2")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				python("maildir_writer.py", box.toString(), "poison", "good");
				Message<?> message = context.getBean("received", QueueChannel.class).receive(10_000);
				assertThat(message).isNotNull();
				assertThat(message.getPayload()).isEqualTo("good");
				assertThat(context.getBean(FailingConfiguration.class).poisonCalls).hasValue(2);
				try (var errors = Files.list(box.resolve("error"))) {
					assertThat(errors.map((p) -> p.getFileName().toString())).anyMatch((n) -> n.endsWith(".reason"))
						.hasSize(2);
				}
			});
	}

	@Test
	void fileKeysBindUnderTheEndpoint() {
		this.runner
			.withPropertyValues("ipc.endpoints.legacy.transport=file", "ipc.endpoints.legacy.role=inbound",
					"ipc.endpoints.legacy.address=" + this.tmp, "ipc.endpoints.legacy.channel=received",
					"ipc.endpoints.legacy.auto-startup=false", "ipc.endpoints.legacy.file.mode=legacy",
					"ipc.endpoints.legacy.file.ready-when=done-marker", "ipc.endpoints.legacy.file.settle-time=5s",
					"ipc.endpoints.legacy.file.max-backlog=7", "ipc.defaults.file.keep-processed=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				FileOptions options = context.getBean("ipc.legacy", IpcEndpoint.class)
					.getSpec()
					.option(FileOptions.class);
				assertThat(options.getMode()).isEqualTo(FileMode.LEGACY);
				assertThat(options.getReadyWhen()).isEqualTo(ReadyWhen.DONE_MARKER);
				assertThat(options.getSettleTime()).isEqualTo(Duration.ofSeconds(5));
				assertThat(options.getMaxBacklog()).isEqualTo(7);
				assertThat(options.isKeepProcessed()).as("from ipc.defaults").isTrue();
			});
	}

	@Test
	void gatewayRoleFailsStartupNamingTheRole() {
		this.runner
			.withPropertyValues("ipc.endpoints.rpc.transport=file", "ipc.endpoints.rpc.role=inbound-gateway",
					"ipc.endpoints.rpc.address=" + this.tmp, "ipc.endpoints.rpc.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.rpc.role"));
	}

	@Test
	void addressThatIsAFileFailsStartupNamingTheAddress() throws Exception {
		Path file = Files.writeString(this.tmp.resolve("plain"), "x");
		this.runner
			.withPropertyValues("ipc.endpoints.drop.transport=file", "ipc.endpoints.drop.role=inbound",
					"ipc.endpoints.drop.address=" + file, "ipc.endpoints.drop.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.drop.address"));
	}

	/**
	 * Run a python peer beside the file transport's tests to its end; fails unless it
	 * exits with 0.
	 */
	private static String python(String script, String... args) throws Exception {
		try (PeerProcess peer = PeerProcess.python(FileOptions.class, script, args)) {
			return peer.awaitOutput(Duration.ofSeconds(60));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class FailingConfiguration {

		final AtomicInteger poisonCalls = new AtomicInteger();

		@ServiceActivator(inputChannel = "checked", outputChannel = "received")
		public String check(String payload) {
			if (payload.equals("poison")) {
				this.poisonCalls.incrementAndGet();
				throw new IllegalStateException("poison");
			}
			return payload;
		}

	}

}
