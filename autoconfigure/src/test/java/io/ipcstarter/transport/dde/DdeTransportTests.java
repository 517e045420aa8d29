package io.ipcstarter.transport.dde;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import org.springframework.context.annotation.Configuration;
import org.springframework.integration.config.EnableIntegration;

import io.ipcstarter.testsupport.IpcContextRunners;

import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Role;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What the dde transport checks before anything is opened, on every OS. */
class DdeTransportTests {

	private final DdeTransport transport = new DdeTransport();

	@Test
	@DisabledOnOs(OS.WINDOWS)
	void elsewhereThanWindowsItIsRefusedNamingAnAlternative() {
		assertThat(this.transport.unsupportedReason()).contains("only on Windows").contains("named-pipe");
	}

	@Test
	void allFourRolesAndTheItemHeader() {
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.values());
		assertThat(this.transport.outboundAttributes()).containsExactly("ipc_ddeItem");
	}

	@Test
	void anAddressWithoutServiceAndTopicIsRefused() {
		for (String address : new String[] { "Excel", "|Sheet1", "Excel|", "a|b|c" }) {
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(Role.OUTBOUND, address, null, null)))
				.withMessageContaining("ipc.endpoints.test.address")
				.withMessageContaining("service|topic");
		}
		this.transport.validate(spec(Role.OUTBOUND, " Excel | Sheet1 ", null, null));
	}

	@Test
	void anInboundEndpointNeedsAnItemToWatch() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "Excel|Sheet1", null, null)))
			.withMessageContaining("ipc.endpoints.test.dde.item");
		this.transport.validate(spec(Role.INBOUND, "Excel|Sheet1", "R1C1", null));
	}

	@Test
	void onlyAnOutboundGatewayChoosesAnOperation() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(
					() -> this.transport.validate(spec(Role.OUTBOUND, "Excel|Sheet1", "R1C1", DdeOperation.EXECUTE)))
			.withMessageContaining("ipc.endpoints.test.dde.operation");
		this.transport.validate(spec(Role.OUTBOUND_GATEWAY, "Excel|Sheet1", null, DdeOperation.EXECUTE));
	}

	@Test
	void standardFormatsOtherThanTextAreRefused() {
		DdeOptions options = new DdeOptions();
		options.setFormat("CF_BITMAP");
		EndpointSpec spec = EndpointSpec.builder("test", "dde", Role.OUTBOUND, "Excel|Sheet1")
			.option(DdeOptions.class, options)
			.build();
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(() -> this.transport.validate(spec))
			.withMessageContaining("ipc.endpoints.test.dde.format");
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingThePropertyTheReasonAndAnAlternative() {
		IpcContextRunners.ipc()
			.withUserConfiguration(Config.class)
			.withPropertyValues("ipc.endpoints.x.transport=dde", "ipc.endpoints.x.role=inbound",
					"ipc.endpoints.x.address=Excel|Sheet1", "ipc.endpoints.x.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.x.transport")
				.hasMessageContaining("only on Windows")
				.hasMessageContaining("named-pipe"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableIntegration
	static class Config {

	}

	private EndpointSpec spec(Role role, String address, String item, DdeOperation operation) {
		DdeOptions options = new DdeOptions();
		options.setItem(item);
		if (operation != null) {
			options.setOperation(operation);
		}
		return EndpointSpec.builder("test", "dde", role, address).option(DdeOptions.class, options).build();
	}

}
