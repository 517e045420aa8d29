package io.ipcstarter.remote;

import java.nio.file.Path;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ipcstarter.actuate.autoconfigure.IpcMetricsAutoConfiguration;
import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.PeerProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Typed remote calls with a python3 peer written from docs/wire-formats.md
 * ({@code peers/remote_peer.py}): it calls a Java service through every kind of method,
 * checking the documented bytes; it sends bad calls (truncated and non-UTF-8 JSON, not an
 * object, another version, no method, unknown methods, wrong arity, wrong types, a null
 * primitive, nesting past Jackson's limit) that must each get their documented error
 * reply, counted as {@code decode}, with a good call after each on the same connection;
 * an oversize frame is refused by closing its connection ({@code oversize}); and it
 * serves the interface to a Java caller.
 */
class RemoteCallPythonTests {

	private static final Duration WAIT = Duration.ofSeconds(60);

	/** The bad calls remote_peer.py sends; each is one decode error. */
	private static final int BAD_CALLS = 14;

	@TempDir
	Path dir;

	private static ApplicationContextRunner runner(String role, String address) {
		String e = "ipc.endpoints.orders.";
		return IpcContextRunners.withMonitoring()
			.withConfiguration(AutoConfigurations.of(IpcMetricsAutoConfiguration.class))
			.withUserConfiguration(Beans.class)
			.withPropertyValues(e + "transport=unix-socket", e + "role=" + role, e + "address=" + address,
					e + "channel=orders-calls", e + "max-message-size=64KB", e + "reply-timeout=10s",
					"ipc.remote.orders.interface=" + Orders.class.getName(), "ipc.remote.orders.endpoint=orders");
	}

	@Test
	void pythonCallerShouldGetEveryDocumentedReplyAndBadCallsShouldBeCounted() throws Exception {
		String address = this.dir.resolve("orders.sock").toString();
		runner("inbound-gateway", address).run((context) -> {
			assertThat(context).hasNotFailed();
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			try (PeerProcess python = PeerProcess.python("remote_peer.py", "call", "--unix", address, "--oversize",
					String.valueOf(1 << 20))) {
				assertThat(python.await("CALLS-OK", WAIT)).isEqualTo("13");
				assertThat(python.await("BAD-OK", WAIT)).isEqualTo(String.valueOf(BAD_CALLS));
				python.await("OVERSIZE-OK", WAIT);
				assertThat(python.awaitExit(WAIT)).isZero();
			}
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(errors(meters, "decode")).isEqualTo(BAD_CALLS);
				// fail throws an unchecked exception: counted; cancel's declared
				// OrderNotFoundException is an answer, not counted
				assertThat(errors(meters, "handler")).as("fail only").isEqualTo(1);
				assertThat(errors(meters, "oversize")).isEqualTo(1);
			});
		});
	}

	@Test
	void javaCallerShouldCallAPythonService() throws Exception {
		String address = this.dir.resolve("python.sock").toString();
		try (PeerProcess python = PeerProcess.python("remote_peer.py", "serve", "--unix", address)) {
			python.await("READY", WAIT);
			runner("outbound-gateway", address).run((context) -> {
				assertThat(context).hasNotFailed();
				RemotePeerApplication.calls(context.getBean("ipc.remote.orders", Orders.class));
			});
		}
	}

	private static double errors(MeterRegistry meters, String reason) {
		return meters.find("ipc.errors")
			.tag("endpoint", "orders")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		InMemoryOrders orders() {
			return new InMemoryOrders();
		}

	}

}
