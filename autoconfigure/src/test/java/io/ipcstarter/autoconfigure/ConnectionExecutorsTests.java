package io.ipcstarter.autoconfigure;

import java.util.concurrent.Executor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

import org.springframework.mock.env.MockEnvironment;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionExecutors}: no executor (the transport's own threads) unless virtual threads are both asked for
 * and available. That they are then used, across a real socket, is {@code VirtualThreadConnectionsTests}.
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

	private static EndpointSpec spec() {
		return EndpointSpec.builder("orders", "unix-socket", Role.INBOUND, "/tmp/orders.sock").build();
	}

}
