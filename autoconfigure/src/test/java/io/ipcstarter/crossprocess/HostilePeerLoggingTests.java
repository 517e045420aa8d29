package io.ipcstarter.crossprocess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.annotation.ServiceActivator;
import org.springframework.messaging.Message;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.actuate.autoconfigure.IpcMonitoringAutoConfiguration;
import io.ipcstarter.integration.IpcEndpoint;
import io.ipcstarter.integration.IpcMessagingException;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A hostile peer (python3, another process) sends thousands of frames that are garbage to
 * an inbound {@code unix-socket} endpoint of an application with Spring Integration's
 * default {@code errorChannel} (and its default error logger). Every bad frame is counted
 * and reaches the error channel, but the log stays bounded: a few lines, one summary with
 * the counts, and no stack trace; good frames before and after get through.
 */
@ExtendWith(OutputCaptureExtension.class)
class HostilePeerLoggingTests {

	private static final int BAD_FRAMES = 5000;

	/**
	 * One connection per bad frame: garbage loses a stream's framing, so the endpoint
	 * closes the connection.
	 */
	private static final String HOSTILE_PEER = """
			import socket, sys
			from ipcframing import say
			path, n = sys.argv[1], int(sys.argv[2])
			for i in range(n):
			    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
			    s.connect(path)
			    s.sendall(b"\\xff\\xfe\\xfd\\xfc this is not a frame %d" % i)
			    s.close()
			say("SENT %d" % n)
			""";

	@TempDir
	Path dir;

	@Test
	void thousandsOfBadFramesFromAPeerLogAFewLinesWithoutStackTracesAndAreAllCounted(CapturedOutput output) {
		LocalContexts.fromYaml("crossprocess/endpoint.yml")
			.withConfiguration(
					AutoConfigurations.of(IpcMonitoringAutoConfiguration.class, IpcMetricsAutoConfiguration.class))
			.withUserConfiguration(Observers.class)
			.withPropertyValues("test.transport=unix-socket", "test.role=inbound",
					"test.address=" + this.dir.resolve("hostile.sock"), "test.channel=in")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
				PythonPeers.sendGood("unix-socket", address, false, 3);
				try (PeerProcess hostile = PeerProcess.pythonCode(HOSTILE_PEER, address, String.valueOf(BAD_FRAMES))) {
					assertThat(hostile.await("SENT", Duration.ofMinutes(2))).isEqualTo(String.valueOf(BAD_FRAMES));
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				AtomicInteger errors = context.getBean(Observers.class).errors;
				await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
					assertThat(registry.get("ipc.errors")
						.tag("endpoint", "local")
						.counters()
						.stream()
						.mapToDouble(c -> c.count())
						.sum()).as("ipc.errors").isEqualTo(BAD_FRAMES);
					assertThat(errors.get()).as("error messages on errorChannel").isEqualTo(BAD_FRAMES);
				});
				PythonPeers.sendGood("unix-socket", address, false, 2);
				assertThat(context.getBean(LocalContexts.Collector.class).messages()).hasSize(5);
			});
		// the context is closed: whatever the endpoint held back is in the log now
		List<String> lines = output.getAll().lines().toList();
		List<String> aboutIt = lines.stream().filter(line -> line.contains("'local'")).toList();
		long traceLines = lines.stream().filter(line -> line.startsWith("\tat ")).count();
		String measured = BAD_FRAMES + " bad frames: " + lines.size() + " log lines (" + aboutIt.size()
				+ " naming the endpoint, " + traceLines + " stack-trace lines), " + output.getAll().length() + " bytes";
		assertThat(traceLines).as(measured).isZero();
		assertThat(aboutIt).as(measured).hasSizeBetween(11, 20);
		assertThat(lines.size()).as(measured).isLessThan(60);
		assertThat(aboutIt).as("the summary counts what it did not show")
			.anySatisfy(line -> assertThat(line).contains(String.valueOf(BAD_FRAMES - 10)).contains("decode"));
	}

	@Test
	void failuresOfTheApplicationKeepTheirStackTraces(CapturedOutput output) {
		LocalContexts.fromYaml("crossprocess/endpoint.yml")
			.withUserConfiguration(Observers.class)
			.withPropertyValues("test.transport=unix-socket", "test.role=inbound",
					"test.address=" + this.dir.resolve("failing.sock"), "test.channel=fail")
			.run(context -> {
				assertThat(context).hasNotFailed();
				String address = context.getBean("ipc.local", IpcEndpoint.class).getAddress();
				PythonPeers.sendGood("unix-socket", address, false, 1);
				AtomicInteger errors = context.getBean(Observers.class).errors;
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(errors.get()).isOne());
			});
		assertThat(output.getAll()).as("Spring Integration's default error logger, as before")
			.contains("IPC endpoint 'local' handler error")
			.contains("the application failed on purpose")
			.contains("\tat ");
	}

	/**
	 * A meter registry, a count of the error messages reaching the application's
	 * {@code errorChannel}, and a service on channel {@code fail} that fails.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Observers {

		final AtomicInteger errors = new AtomicInteger();

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@ServiceActivator(inputChannel = "fail")
		public void fail(Message<?> message) {
			throw new IllegalStateException("the application failed on purpose");
		}

		@ServiceActivator(inputChannel = "errorChannel")
		public void onError(Message<?> error) {
			if (error.getPayload() instanceof IpcMessagingException) {
				this.errors.incrementAndGet();
			}
		}

	}

}
