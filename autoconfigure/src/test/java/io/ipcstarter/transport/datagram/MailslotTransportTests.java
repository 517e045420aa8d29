package io.ipcstarter.transport.datagram;

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
 * What {@code mailslot} decides before touching Windows: its names, its limits, its
 * refusals, and on Linux and macOS the start-up failure that names the portable
 * alternatives. {@code MailslotWindowsTests} runs it for real.
 */
class MailslotTransportTests {

	private final MailslotTransport transport = new MailslotTransport();

	@Test
	void isFoundByIdAndPlaysOnlyTheOneWayRoles() {
		assertThat(Transports.get("mailslot")).isInstanceOf(MailslotTransport.class);
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.INBOUND, Role.OUTBOUND);
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingMessageQueueAndUdp() {
		IpcContextRunners.ipc()
			.withUserConfiguration(TestBeans.Received.class)
			.withPropertyValues("ipc.endpoints.slot.transport=mailslot", "ipc.endpoints.slot.role=inbound",
					"ipc.endpoints.slot.address=orders", "ipc.endpoints.slot.channel=received")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.slot.transport")
				.hasMessageContaining("transport 'mailslot' does not work on " + System.getProperty("os.name"))
				.hasMessageContaining("message-queue")
				.hasMessageContaining("udp"));
	}

	@Test
	void namesMapToWin32Names() {
		assertThat(win32("orders")).isEqualTo("\\\\.\\mailslot\\orders");
		assertThat(win32("\\\\.\\mailslot\\orders")).isEqualTo("\\\\.\\mailslot\\orders");
		assertThat(win32("\\\\.\\MAILSLOT\\orders")).isEqualTo("\\\\.\\mailslot\\orders");
		assertThat(win32("app\\orders")).isEqualTo("\\\\.\\mailslot\\app\\orders");
		assertThat(win32("*\\orders")).isEqualTo("\\\\*\\mailslot\\orders");
		assertThat(win32("\\\\*\\mailslot\\orders")).isEqualTo("\\\\*\\mailslot\\orders");
		assertThat(win32("\\\\WORKGROUP\\mailslot\\orders")).isEqualTo("\\\\WORKGROUP\\mailslot\\orders");
		assertThat(MailslotName.parse("orders").remote()).isFalse();
		assertThat(MailslotName.parse("*\\orders").remote()).isTrue();
	}

	@Test
	void namesThatCouldEscapeOrAreEmptyAreRefused() {
		for (String bad : new String[] { "", "..\\x", ".hidden", "a\\\\b", "a/b", "\\\\.\\pipe\\x", "orders\\",
				"\\\\\\mailslot\\x", "a:b", "*\\", "x".repeat(201) }) {
			assertThat(MailslotName.parse(bad)).as(bad).isNull();
		}
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "a/b").build()))
			.withMessageContaining("ipc.endpoints.test.address")
			.withMessageContaining("not a usable mailslot name");
	}

	@Test
	void gatewaysAreRefusedNamingRoleAndPointingToNamedPipe() {
		for (Role role : new Role[] { Role.INBOUND_GATEWAY, Role.OUTBOUND_GATEWAY }) {
			assertThatExceptionOfType(InvalidEndpointException.class)
				.isThrownBy(() -> this.transport.validate(spec(role, "orders").build()))
				.withMessageContaining("ipc.endpoints.test.role")
				.withMessageContaining("one-way by design")
				.withMessageContaining("use transport named-pipe");
		}
	}

	@Test
	void anInboundMailslotIsLocal() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "*\\orders").build()))
			.withMessageContaining("ipc.endpoints.test.address")
			.withMessageContaining("created on this computer only");
		this.transport.validate(spec(Role.OUTBOUND, "*\\orders").build());
	}

	@Test
	void limitsAre64KibLocallyAnd424BytesToOtherComputers() {
		assertThat(MailslotTransport.limit(spec(Role.INBOUND, "orders").build())).isEqualTo(65_536);
		assertThat(MailslotTransport.limit(spec(Role.INBOUND, "orders").maxMessageSize(100).build())).isEqualTo(100);
		assertThat(MailslotTransport.limit(spec(Role.OUTBOUND, "*\\orders").build())).isEqualTo(424);
		assertThat(MailslotTransport.limit(spec(Role.OUTBOUND, "*\\orders").maxMessageSize(100).build()))
			.isEqualTo(100);
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "orders").maxMessageSize(65_537).build()))
			.withMessageContaining("ipc.endpoints.test.max-message-size")
			.withMessageContaining("65536");
	}

	@Test
	void allowedUidsAreRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class).isThrownBy(
				() -> this.transport.validate(spec(Role.INBOUND, "orders").allowedUids(java.util.Set.of(1000)).build()))
			.withMessageContaining("ipc.endpoints.test.allowed-uids");
	}

	private static String win32(String address) {
		MailslotName name = MailslotName.parse(address);
		assertThat(name).as(address).isNotNull();
		return name.win32();
	}

	private static EndpointSpec.Builder spec(Role role, String address) {
		return EndpointSpec.builder("test", "mailslot", role, address);
	}

}
