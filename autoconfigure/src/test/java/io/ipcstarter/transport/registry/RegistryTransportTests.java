package io.ipcstarter.transport.registry;

import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@code registry} decides before touching Windows: key paths, the value name, the
 * HKLM refusal, limits, roles, the mapping of values to messages, and on Linux and macOS
 * the start-up failure that names the portable alternatives. {@code RegistryWindowsTests}
 * runs it for real.
 */
class RegistryTransportTests {

	private final RegistryTransport transport = new RegistryTransport();

	@Test
	void isFoundByIdAndPlaysOnlyTheOneWayRoles() {
		assertThat(Transports.get("registry")).isInstanceOf(RegistryTransport.class);
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.INBOUND, Role.OUTBOUND);
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingFileAndSharedMemory() {
		IpcContextRunners.ipc()
			.withUserConfiguration(TestBeans.Received.class)
			.withPropertyValues("ipc.endpoints.reg.transport=registry", "ipc.endpoints.reg.role=inbound",
					"ipc.endpoints.reg.address=HKCU\\Software\\Acme", "ipc.endpoints.reg.registry.value=Last",
					"ipc.endpoints.reg.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.reg.transport")
				.hasMessageContaining("transport 'registry' does not work on " + System.getProperty("os.name"))
				.hasMessageContaining("transport file")
				.hasMessageContaining("shared-memory"));
	}

	@Test
	void keyPathsDefaultToHkcuAndNameTheirHive() {
		assertThat(path("Software\\Acme\\Orders")).isEqualTo(new RegistryPath(false, "Software\\Acme\\Orders"));
		assertThat(path("HKCU\\Software\\Acme")).isEqualTo(new RegistryPath(false, "Software\\Acme"));
		assertThat(path("HKEY_CURRENT_USER\\Software\\Acme")).isEqualTo(new RegistryPath(false, "Software\\Acme"));
		assertThat(path("hklm\\Software\\Acme")).isEqualTo(new RegistryPath(true, "Software\\Acme"));
		assertThat(path("HKLM\\Software\\Acme").display()).isEqualTo("HKLM\\Software\\Acme");
	}

	@Test
	void addressesThatAreNoUsableKeyAreRefused() {
		for (String bad : new String[] { "HKCU", "HKCU\\", "\\Software", "Software\\\\Acme", "Software\\",
				"HKCR\\Software\\Acme", "HKU\\.DEFAULT\\x", "HKCC\\x", "Software\\" + "x".repeat(256) }) {
			assertThatExceptionOfType(InvalidEndpointException.class).as(bad)
				.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, bad, "Last").build()))
				.withMessageContaining("ipc.endpoints.test.address");
		}
	}

	@Test
	void theValueNameIsRequired() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "Software\\Acme", null).build()))
			.withMessageContaining("ipc.endpoints.test.registry.value")
			.satisfies((ex) -> assertThat(ex.action()).contains("HKCU\\Software\\Acme"));
	}

	@Test
	void writingUnderHklmIsRefusedUnlessAsked() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.OUTBOUND, "HKLM\\Software\\Acme", "Last").build()))
			.withMessageContaining("ipc.endpoints.test.address")
			.withMessageContaining("virtualization")
			.satisfies((ex) -> assertThat(ex.action()).contains("registry.allow-local-machine: true"));
		RegistryOptions allowed = options("Last");
		allowed.setAllowLocalMachine(true);
		this.transport.validate(EndpointSpec.builder("test", "registry", Role.OUTBOUND, "HKLM\\Software\\Acme")
			.option(RegistryOptions.class, allowed)
			.build());
		// reading HKLM needs no permission
		this.transport.validate(spec(Role.INBOUND, "HKLM\\Software\\Acme", "Last").build());
	}

	@Test
	void gatewaysAreRefusedNamingRoleAndPointingToNamedPipe() {
		for (Role role : new Role[] { Role.INBOUND_GATEWAY, Role.OUTBOUND_GATEWAY }) {
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(role, "Software\\Acme", "Last").build()))
				.withMessageContaining("ipc.endpoints.test.role")
				.withMessageContaining("use transport named-pipe");
		}
	}

	@Test
	void limitsAre2KibByDefaultAnd64KibAtMost() {
		assertThat(RegistryTransport.limit(spec(Role.INBOUND, "Software\\Acme", "v").build())).isEqualTo(2048);
		assertThat(RegistryTransport.limit(spec(Role.INBOUND, "Software\\Acme", "v").maxMessageSize(100).build()))
			.isEqualTo(100);
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(
				() -> this.transport.validate(spec(Role.INBOUND, "Software\\Acme", "v").maxMessageSize(65_537).build()))
			.withMessageContaining("ipc.endpoints.test.max-message-size")
			.withMessageContaining("65536");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport
				.validate(spec(Role.INBOUND, "Software\\Acme", "v").allowedUids(Set.of(1000)).build()))
			.withMessageContaining("ipc.endpoints.test.allowed-uids");
	}

	@Test
	void valuesMapToMessagesAsDocumented() throws Exception {
		byte[] sz = RegistryValues.toRegSz("hé".getBytes("UTF-8"));
		assertThat(sz).containsExactly('h', 0, 0xE9, 0, 0, 0);
		assertThat(new String(RegistryValues.toPayload(1, sz), "UTF-8")).isEqualTo("hé");
		// a writer that left out the terminator
		assertThat(new String(RegistryValues.toPayload(2, new byte[] { 'a', 0 }), "UTF-8")).isEqualTo("a");
		assertThat(RegistryValues.toPayload(3, new byte[] { 0, 1 })).containsExactly(0, 1);
		assertThat(new String(
				RegistryValues.toPayload(4, new byte[] { (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff }),
				"US-ASCII"))
			.isEqualTo("4294967295");
		assertThat(new String(RegistryValues.toPayload(11, new byte[] { 42, 0, 0, 0, 0, 0, 0, 0 }), "US-ASCII"))
			.isEqualTo("42");
		assertThatExceptionOfType(io.ipcstarter.transport.IpcException.class)
			.isThrownBy(() -> RegistryValues.toPayload(7, new byte[] { 'a', 0, 0, 0 }))
			.withMessageContaining("REG_MULTI_SZ");
		assertThat(RegistryValues.storedLimit(2048)).isEqualTo(4098);
	}

	private static RegistryPath path(String address) {
		return RegistryPath.of(spec(Role.INBOUND, address, "v").build());
	}

	private static EndpointSpec.Builder spec(Role role, String address, String value) {
		return EndpointSpec.builder("test", "registry", role, address).option(RegistryOptions.class, options(value));
	}

	private static RegistryOptions options(String value) {
		RegistryOptions options = new RegistryOptions();
		options.setValue(value);
		return options;
	}

}
