package io.ipcstarter.autoconfigure;

import java.util.concurrent.Executor;

import com.sun.jna.Platform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.mock.env.MockEnvironment;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionExecutors}: no executor (the transport's own threads) unless virtual
 * threads are both asked for and available. That they are then used, across a real
 * socket, is {@code VirtualThreadConnectionsTests}.
 */
class ConnectionExecutorsTests {

	@Test
	void whenVirtualThreadsAreNotEnabledShouldLeaveTheTransportItsOwnThreads() {
		MockEnvironment environment = new MockEnvironment();
		assertThat(ConnectionExecutors.forEndpoint("orders", environment)).isNull();
		EndpointSpec spec = spec();
		assertThat(ConnectionExecutors.withConnectionExecutor(spec, environment)).isSameAs(spec);
	}

	@Test
	@EnabledForJreRange(max = JRE.JAVA_20)
	void whenVirtualThreadsAreEnabledOnAJavaWithoutThemShouldLeaveTheTransportItsOwnThreads() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");
		assertThat(ConnectionExecutors.forEndpoint("orders", environment)).isNull();
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void whenVirtualThreadsAreEnabledOnJava21OrLaterShouldHandTheSpecAnExecutor() {
		MockEnvironment environment = new MockEnvironment().withProperty("spring.threads.virtual.enabled", "true");
		Executor executor = ConnectionExecutors.withConnectionExecutor(spec(), environment).connectionExecutor();
		assertThat(executor).isNotNull();
	}

	@Test
	void endpointsWaitingInNativeCallsShouldStayOffVirtualThreads() {
		assertThat(ConnectionExecutors.mayRunOnVirtualThreads(spec())).isTrue();
		assertThat(ConnectionExecutors.mayRunOnVirtualThreads(spec("tcp", "127.0.0.1:0"))).isTrue();
		assertThat(ConnectionExecutors.mayRunOnVirtualThreads(spec("process", "cat"))).isTrue();
		assertThat(ConnectionExecutors.mayRunOnVirtualThreads(spec("fifo", "/tmp/orders.fifo"))).isFalse();
		assertThat(ConnectionExecutors.mayRunOnVirtualThreads(spec("named-pipe", "orders")))
			.as("a Unix-domain socket except on Windows")
			.isEqualTo(!Platform.isWindows());
	}

	private static EndpointSpec spec(String transport, String address) {
		return EndpointSpec.builder("orders", transport, Role.INBOUND, address).build();
	}

	private static EndpointSpec spec() {
		return EndpointSpec.builder("orders", "unix-socket", Role.INBOUND, "/tmp/orders.sock").build();
	}

}
