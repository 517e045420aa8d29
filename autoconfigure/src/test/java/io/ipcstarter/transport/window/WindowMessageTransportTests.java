package io.ipcstarter.transport.window;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import io.ipcstarter.testsupport.IpcContextRunners;
import io.ipcstarter.testsupport.TestBeans;
import io.ipcstarter.transport.EndpointSpec;
import io.ipcstarter.transport.ErrorReason;
import io.ipcstarter.transport.InvalidEndpointException;
import io.ipcstarter.transport.IpcException;
import io.ipcstarter.transport.Role;
import io.ipcstarter.transport.Transports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What {@code window-message} decides before touching Windows: its roles, its refusals,
 * its number forms, and on Linux and macOS the start-up failure that names the portable
 * alternatives. {@code WindowMessageWindowsTests} runs it for real.
 */
class WindowMessageTransportTests {

	private final WindowMessageTransport transport = new WindowMessageTransport();

	@Test
	void isFoundByIdAndPlaysAllFourRolesTakingTheMessageTypeHeader() {
		assertThat(Transports.get("window-message")).isInstanceOf(WindowMessageTransport.class);
		assertThat(this.transport.roles()).containsExactlyInAnyOrder(Role.values());
		assertThat(this.transport.outboundAttributes()).containsExactly("ipc_messageType");
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the refusal is for Linux and macOS")
	void startupOffWindowsFailsNamingThePortableAlternatives() {
		IpcContextRunners.ipc()
			.withUserConfiguration(TestBeans.Received.class)
			.withPropertyValues("ipc.endpoints.win.transport=window-message", "ipc.endpoints.win.role=inbound",
					"ipc.endpoints.win.address=OrdersWindow", "ipc.endpoints.win.channel=received",
					"ipc.endpoints.win.window-message.message-type=7")
			.run((context) -> assertThat(context).getFailure()
				.isInstanceOf(InvalidEndpointException.class)
				.hasMessageContaining("ipc.endpoints.win.transport")
				.hasMessageContaining("transport 'window-message' does not work on " + System.getProperty("os.name"))
				.hasMessageContaining("WM_COPYDATA")
				.hasMessageContaining("unix-socket")
				.hasMessageContaining("named-pipe"));
	}

	@Test
	void overlongWindowNamesAreRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "x".repeat(256)).build()))
			.withMessageContaining("ipc.endpoints.test.address")
			.withMessageContaining("window name");
		this.transport.validate(spec(Role.INBOUND, "x".repeat(255)).build());
	}

	@Test
	void aRegisteredMessageCannotReplyByCopyData() {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setRegisteredMessage("WM_ORDERS");
		options.setReply(WindowMessageReply.COPYDATA);
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport
				.validate(spec(Role.OUTBOUND_GATEWAY, "Orders").option(WindowMessageOptions.class, options).build()))
			.withMessageContaining("ipc.endpoints.test.window-message.reply")
			.withMessageContaining("can only be the result");
		options.setReply(null);
		assertThat(options.effectiveReply()).isEqualTo(WindowMessageReply.RESULT);
		options.setRegisteredMessage(" ");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport
				.validate(spec(Role.INBOUND, "Orders").option(WindowMessageOptions.class, options).build()))
			.withMessageContaining("ipc.endpoints.test.window-message.registered-message");
		assertThat(new WindowMessageOptions().effectiveReply()).isEqualTo(WindowMessageReply.COPYDATA);
	}

	@Test
	void acceptedMessageTypesAreForWmCopyDataReceiversOnly() {
		WindowMessageOptions options = new WindowMessageOptions();
		options.setAcceptedMessageTypes(List.of(7L));
		this.transport.validate(spec(Role.INBOUND, "Orders").option(WindowMessageOptions.class, options).build());
		this.transport
			.validate(spec(Role.INBOUND_GATEWAY, "Orders").option(WindowMessageOptions.class, options).build());
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport
				.validate(spec(Role.OUTBOUND, "Orders").option(WindowMessageOptions.class, options).build()))
			.withMessageContaining("ipc.endpoints.test.window-message.accepted-message-types")
			.withMessageContaining("only a receiving endpoint");
		options.setRegisteredMessage("WM_ORDERS");
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport
				.validate(spec(Role.INBOUND, "Orders").option(WindowMessageOptions.class, options).build()))
			.withMessageContaining("ipc.endpoints.test.window-message.accepted-message-types")
			.withMessageContaining("no message type");
		WindowMessageOptions copy = options.copy();
		options.getAcceptedMessageTypes().add(8L);
		assertThat(copy.getAcceptedMessageTypes()).as("a spec's copy is its own").containsExactly(7L);
	}

	@Test
	void allowedUidsAreRefused() {
		assertThatExceptionOfType(InvalidEndpointException.class)
			.isThrownBy(() -> this.transport.validate(spec(Role.INBOUND, "Orders").allowedUids(Set.of(1000)).build()))
			.withMessageContaining("ipc.endpoints.test.allowed-uids");
	}

	@Test
	void numbersTravelAsDecimalDigits() throws Exception {
		assertThat(CopyData.parseDecimal(ascii(" -42 "), "x")).isEqualTo(-42);
		assertThat(new String(CopyData.decimal(-42), StandardCharsets.US_ASCII)).isEqualTo("-42");
		assertThat(CopyData.parsePair(ascii("18446744073709551615 -1"))).containsExactly(-1L, -1L);
		assertThat(new String(CopyData.pair(-1L, -1L), StandardCharsets.US_ASCII)).isEqualTo("18446744073709551615 -1");
		assertThatExceptionOfType(IpcException.class).isThrownBy(() -> CopyData.parseDecimal(ascii("4x2"), "The reply"))
			.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
			.withMessageContaining("The reply must be a number");
		for (String bad : new String[] { "1", "1 2 3", "a b", "-1 2" }) {
			assertThatExceptionOfType(IpcException.class).isThrownBy(() -> CopyData.parsePair(ascii(bad)))
				.satisfies((ex) -> assertThat(ex.reason()).isEqualTo(ErrorReason.DECODE))
				.withMessageContaining("'wParam lParam'");
		}
	}

	private static byte[] ascii(String s) {
		return s.getBytes(StandardCharsets.US_ASCII);
	}

	private static EndpointSpec.Builder spec(Role role, String address) {
		return EndpointSpec.builder("test", "window-message", role, address);
	}

}
