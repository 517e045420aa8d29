package io.ipcstarter.remote;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.ipcstarter.testsupport.IpcContextRunners;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ipc.remote.*} wiring: a proxy bean over an outbound gateway, a service behind an
 * inbound one, and every mistake stopping start-up with the property and the fix.
 */
class RemoteConfigurationTests {

	@TempDir
	Path dir;

	private ApplicationContextRunner gateway(String role) {
		String e = "ipc.endpoints.orders.";
		return IpcContextRunners.ipc()
			.withPropertyValues(e + "transport=unix-socket", e + "role=" + role,
					e + "address=" + this.dir.resolve("o.sock"), e + "channel=orders-calls", e + "auto-startup=false");
	}

	private ApplicationContextRunner remote(String role, String... keyValues) {
		String[] properties = new String[keyValues.length / 2];
		for (int i = 0; i < keyValues.length; i += 2) {
			properties[i / 2] = "ipc.remote.orders." + keyValues[i] + "=" + keyValues[i + 1];
		}
		return gateway(role).withPropertyValues(properties);
	}

	@Test
	void anIpcRemoteInterfaceShouldNeedNoRemoteKeys() {
		gateway("outbound-gateway").withUserConfiguration(ApplicationPackage.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean("ipc.remote.orders")).isInstanceOf(Orders.class);
		});
	}

	@Test
	void anIpcRemoteInterfaceWhoseEndpointIsMissingShouldStopStartUp() {
		IpcContextRunners.ipc()
			.withUserConfiguration(ApplicationPackage.class)
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidRemoteException.class)
				.hasMessageContaining("no endpoint 'orders' under ipc.endpoints"));
	}

	@Test
	void aRemoteDeclaredForAnIpcRemoteInterfaceShouldWin() {
		// the annotation names endpoint "orders"; the YAML remote moves the interface to
		// another endpoint, with no code change
		String e = "ipc.endpoints.elsewhere.";
		IpcContextRunners.ipc()
			.withUserConfiguration(ApplicationPackage.class)
			.withPropertyValues(e + "transport=unix-socket", e + "role=outbound-gateway",
					e + "address=" + this.dir.resolve("e.sock"), e + "channel=elsewhere-calls",
					e + "auto-startup=false", "ipc.remote.moved.interface=" + Orders.class.getName(),
					"ipc.remote.moved.endpoint=elsewhere")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(Orders.class)).containsOnlyKeys("ipc.remote.moved");
			});
	}

	/** An application whose package holds {@link Orders}, so its annotation is found. */
	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class ApplicationPackage {

	}

	@Test
	void outboundGatewayWithRemoteShouldGiveAProxyOfTheInterface() {
		remote("outbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders").run((context) -> {
			assertThat(context).hasSingleBean(Orders.class);
			assertThat(context.getBean(Orders.class))
				.hasToString("IPC remote 'orders' (" + Orders.class.getName() + ")");
			assertThat(context.getBean("ipc.remote.orders")).isSameAs(context.getBean(Orders.class));
		});
	}

	@Test
	void inboundGatewayWithRemoteShouldServeTheOneBeanOfTheInterface() {
		remote("inbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders")
			.withUserConfiguration(OneService.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("ipc.remote.orders.handler")).isInstanceOf(RemoteServiceHandler.class);
			});
	}

	@Test
	void severalServicesShouldNeedTheServiceKey() {
		remote("inbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders")
			.withUserConfiguration(TwoServices.class)
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.service",
					"several beans implement " + Orders.class.getName()));
		remote("inbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders", "service", "second")
			.withUserConfiguration(TwoServices.class)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void noServiceShouldFailNamingServiceKey() {
		remote("inbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.service",
					"no bean implements " + Orders.class.getName()));
	}

	@Test
	void unknownInterfaceShouldFailNamingInterfaceKey() {
		remote("outbound-gateway", "interface", "com.acme.Nope", "endpoint", "orders")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.interface",
					"no class com.acme.Nope on the class path"));
	}

	@Test
	void classInsteadOfInterfaceShouldFail() {
		remote("outbound-gateway", "interface", InMemoryOrders.class.getName(), "endpoint", "orders")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.interface",
					"is a class, not an interface"));
	}

	@Test
	void unknownEndpointShouldFailNamingEndpointKey() {
		remote("outbound-gateway", "interface", Orders.class.getName(), "endpoint", "order")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.endpoint",
					"no endpoint 'order' under ipc.endpoints"));
	}

	@Test
	void oneWayEndpointShouldBeRefusedWithTheReason() {
		remote("inbound", "interface", Orders.class.getName(), "endpoint", "orders")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.endpoint",
					"endpoint 'orders' has role inbound, typed remote calls need a gateway role"));
	}

	@Test
	void misspelledKeyShouldFail() {
		remote("outbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders", "servce", "x")
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.servce",
					"unknown property 'servce'"));
	}

	@Test
	void withoutJacksonShouldFailSayingWhatToAdd() {
		remote("outbound-gateway", "interface", Orders.class.getName(), "endpoint", "orders")
			.withClassLoader(new FilteredClassLoader("tools.jackson.databind"))
			.run((context) -> assertFailure(context.getStartupFailure(), "ipc.remote.orders.interface",
					"typed remote calls need Jackson 3 on the class path"));
	}

	private static void assertFailure(Throwable failure, String property, String problem) {
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (cause != null && !(cause instanceof InvalidRemoteException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("an InvalidRemoteException in %s", failure).isNotNull();
		InvalidRemoteException invalid = (InvalidRemoteException) cause;
		assertThat(invalid.propertyName()).isEqualTo(property);
		assertThat(invalid.getMessage()).contains(problem).endsWith("(property " + property + ")");
		FailureAnalysis analysis = new io.ipcstarter.autoconfigure.InvalidRemoteFailureAnalyzerAccess()
			.analyze(failure);
		assertThat(analysis.getAction()).startsWith("Consider changing " + property + ": ");
	}

	@Configuration(proxyBeanMethods = false)
	static class OneService {

		@Bean
		InMemoryOrders orders() {
			return new InMemoryOrders();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoServices {

		@Bean
		InMemoryOrders first() {
			return new InMemoryOrders();
		}

		@Bean
		InMemoryOrders second() {
			return new InMemoryOrders();
		}

	}

}
